#include <nlohmann/json.hpp>

#include "adapters/docker/api_version.hpp"
#include "adapters/docker/docker_errors.hpp"
#include "adapters/docker/image_pull.hpp"
#include "adapters/docker/inspect_mapping.hpp"
#include "adapters/docker/stream_demux.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

// The first byte picks which answer the rest is: one target covers every reader of the
// engine's bodies, and the fuzzer learns the selector like any other byte.
void feed_docker_answer(std::string_view input) {
    if (input.empty()) return;
    const unsigned char which = static_cast<unsigned char>(input.front()) % 6;
    const std::string_view body = input.substr(1);
    switch (which) {
        case 0: {  // GET /containers/{id}/json
            const auto json = nlohmann::json::parse(body, nullptr, false);
            if (!json.is_discarded()) docker_api::container_info_from_inspect(json);
            break;
        }
        case 1: {  // GET /images/{name}/json
            const auto json = nlohmann::json::parse(body, nullptr, false);
            if (!json.is_discarded()) docker_api::image_info_from_inspect(json);
            break;
        }
        case 2: {  // an error answer, as a failed start, a failed pull and a container call read it
            const std::string message = docker_api::docker_error_message(body);
            docker_api::taken_host_port(message);
            docker_api::pull_failure("gitlab/gitlab-ce:17.5.1-ce.0", message);
            docker_api::container_error(404, body, "gitlab-1");
            docker_api::container_error(500, body, "gitlab-1");
            break;
        }
        case 3: {  // GET /version: "ApiVersion\nMinAPIVersion"
            const auto newline = body.find('\n');
            const auto newest = body.substr(0, newline);
            const auto minimum = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
            docker_api::parse_api_version(newest);
            if (auto chosen = docker_api::negotiate_api_version(newest, minimum))
                require(docker_api::parse_api_version(*chosen).has_value(), "a negotiated API version parses");
            break;
        }
        case 4:  // POST /images/create's progress stream
            docker_api::pull_stream_error(body);
            docker_api::pull_target(body);
            break;
        default:  // a multiplexed exec or logs stream
            if (auto output = docker_api::demultiplex(body))
                require(output->interleaved.size() == output->out.size() + output->err.size(),
                        "a demultiplexed stream's interleaved text holds both streams");
            break;
    }
}

}  // namespace girofle::fuzz
