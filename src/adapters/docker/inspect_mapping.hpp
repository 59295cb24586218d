// Docker's inspect answers read into the core's types, tolerating absent and null fields.
#pragma once

#include <nlohmann/json.hpp>

#include "core/docker.hpp"

namespace girofle::docker_api {

// GET /containers/{id}/json
ContainerInfo container_info_from_inspect(const nlohmann::json& inspect);
// GET /images/{name}/json
ImageInfo image_info_from_inspect(const nlohmann::json& inspect);
// State.Health.Status; anything unknown reads as none.
HealthStatus health_status_from(std::string_view text);

}  // namespace girofle::docker_api
