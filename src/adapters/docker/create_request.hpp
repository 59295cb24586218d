// The body of POST /containers/create for a ContainerSpec.
#pragma once

#include <nlohmann/json.hpp>

#include "core/docker.hpp"

namespace girofle::docker_api {

// Bind mounts go in HostConfig.Mounts, not Binds: a missing host directory is then an error
// instead of an empty root-owned directory the engine creates silently, and paths may hold ':'.
nlohmann::json container_create_body(const ContainerSpec& spec);

}  // namespace girofle::docker_api
