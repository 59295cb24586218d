// Which Docker engine to talk to: DOCKER_HOST when set, else the standard socket.
#pragma once

#include <memory>
#include <string>

#include "adapters/docker/docker_engine_client.hpp"
#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kDefaultDockerSocket = "/var/run/docker.sock";

// The socket path in a DOCKER_HOST value (nullptr or empty: unset, the default socket).
// Only unix:// is spoken; tcp://, ssh:// and the rest are a usage error.
Result<std::string> docker_socket_path(const char* docker_host);

// A client for the engine the environment names. Contacts nothing yet.
Result<std::unique_ptr<DockerEngineClient>> docker_engine_from_environment();

}  // namespace girofle
