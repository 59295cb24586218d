// The engine's container list (GET /containers/json) read into the core's summaries: what one
// request tells of many containers, their health and exit code taken from the Status text.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/docker.hpp"

namespace girofle::docker_api {

// One element of the list. Tolerates absent and null fields like the inspect mapping.
ContainerSummary container_summary_from_list(const nlohmann::json& summary);
// The health a Status text shows: "Up 2 hours (healthy)", "Up 3 seconds (health: starting)";
// none when it shows none (not running, paused, or no health check).
HealthStatus health_from_status_text(std::string_view status_text);
// The exit code a Status text shows: "Exited (137) 5 minutes ago", "Restarting (1) 2 seconds
// ago"; 0 when it shows none.
int exit_code_from_status_text(std::string_view status_text);

}  // namespace girofle::docker_api
