// What went wrong talking to the Docker engine, said as an Error naming the object concerned.
// Nothing here ever sees a request body: container environments hold secrets.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace girofle::docker_api {

// The socket could not be connected: permission when the OS refused us, unavailable otherwise.
Error engine_unreachable(const std::string& socket_path, int os_errno,
                         const std::string& curl_text);
// `what` names the request ("POST /v1.41/containers/x/stop"), never its body.
Error engine_timeout(const std::string& socket_path, const std::string& what,
                     std::chrono::milliseconds bound, bool idle);
Error engine_connection_lost(const std::string& socket_path, const std::string& what,
                             const std::string& curl_text);
Error engine_answer_unreadable(const std::string& what, const std::string& reason);

// Docker's own text from an error answer ({"message": "..."}), else the trimmed body.
std::string docker_error_message(std::string_view body);

// A failed answer about `object` ("container gitlab-3"), kind chosen from the HTTP status:
// 404 not_found, 409 conflict, 401/403 permission, anything else failed.
Error api_error(long status, const std::string& docker_message, std::string object);

// A failed answer about a container: 404 says "no such container", the rest as api_error.
Error container_error(long status, std::string_view body, const std::string& id_or_name);

// "ADDR:PORT" when a failed start says a published port is taken, else nullopt.
std::optional<std::string> taken_host_port(std::string_view docker_message);

// A failed pull of `reference`: not_found, unavailable (registry unreachable) or failed.
Error pull_failure(const std::string& reference, const std::string& docker_message);

}  // namespace girofle::docker_api
