#include "adapters/docker/image_pull.hpp"

#include "adapters/docker/json_fields.hpp"

namespace girofle::docker_api {

PullTarget pull_target(std::string_view reference) {
    if (const auto at = reference.find('@'); at != std::string_view::npos)
        return {std::string(reference.substr(0, at)), std::string(reference.substr(at + 1))};
    // A colon after the last slash starts the tag; one before it belongs to "registry:port".
    const auto last_slash = reference.rfind('/');
    const auto colon = reference.rfind(':');
    if (colon != std::string_view::npos &&
        (last_slash == std::string_view::npos || colon > last_slash))
        return {std::string(reference.substr(0, colon)), std::string(reference.substr(colon + 1))};
    return {std::string(reference), "latest"};
}

std::optional<std::string> pull_stream_error(std::string_view body) {
    while (!body.empty()) {
        const auto newline = body.find('\n');
        const std::string_view line = body.substr(0, newline);
        body.remove_prefix(newline == std::string_view::npos ? body.size() : newline + 1);
        const json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded()) continue;
        std::string message = string_field(object_field(parsed, "errorDetail"), "message");
        if (message.empty()) message = string_field(parsed, "error");
        if (!message.empty()) return message;
    }
    return std::nullopt;
}

}  // namespace girofle::docker_api
