// Reading the JSON of a successful engine answer without letting a parse error escape.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "adapters/docker/docker_errors.hpp"
#include "adapters/docker/unix_socket_http.hpp"

namespace girofle::docker_api {

inline Result<nlohmann::json> json_answer(const HttpResponse& response, const std::string& what) {
    nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_discarded())
        return std::unexpected(engine_answer_unreadable(what, "the body is not JSON"));
    return parsed;
}

// Request bodies hold env values given by users; invalid UTF-8 there must not throw.
inline std::string json_text(const nlohmann::json& body) {
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace girofle::docker_api
