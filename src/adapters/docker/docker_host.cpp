#include "adapters/docker/docker_host.hpp"

#include <cstdlib>
#include <string_view>

namespace girofle {

Result<std::string> docker_socket_path(const char* docker_host) {
    if (docker_host == nullptr || *docker_host == '\0') return std::string(kDefaultDockerSocket);
    constexpr std::string_view kUnixScheme = "unix://";
    const std::string_view value(docker_host);
    if (!value.starts_with(kUnixScheme) || value.size() == kUnixScheme.size())
        return fail(ErrorKind::usage, "DOCKER_HOST",
                    "'" + std::string(value) +
                        "' is not supported: Girofle reaches the Docker engine only through a "
                        "Unix socket, e.g. unix:///var/run/docker.sock");
    return std::string(value.substr(kUnixScheme.size()));
}

Result<std::unique_ptr<DockerEngineClient>> docker_engine_from_environment() {
    auto socket = docker_socket_path(std::getenv("DOCKER_HOST"));
    if (!socket) return std::unexpected(socket.error());
    return std::make_unique<DockerEngineClient>(*socket);
}

}  // namespace girofle
