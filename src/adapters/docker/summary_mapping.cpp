#include "adapters/docker/summary_mapping.hpp"

#include <charconv>

#include "adapters/docker/json_fields.hpp"

namespace girofle::docker_api {
namespace {

// Names lists the container's own name ("/wiki") and, with legacy links, aliases of the form
// "/other/alias"; the own name is the one with a single slash.
std::string own_name(const json& summary) {
    for (const std::string& name : string_list_field(summary, "Names")) {
        std::string_view bare(name);
        if (bare.starts_with('/')) bare.remove_prefix(1);
        if (!bare.empty() && bare.find('/') == std::string_view::npos) return std::string(bare);
    }
    return {};
}

}  // namespace

HealthStatus health_from_status_text(std::string_view status_text) {
    // The engine writes "Up <duration> (<health>)" for a running container with a check, and
    // nothing about health in any other state.
    if (!status_text.starts_with("Up ")) return HealthStatus::none;
    if (status_text.ends_with("(health: starting)")) return HealthStatus::starting;
    if (status_text.ends_with("(unhealthy)")) return HealthStatus::unhealthy;
    if (status_text.ends_with("(healthy)")) return HealthStatus::healthy;
    return HealthStatus::none;
}

int exit_code_from_status_text(std::string_view status_text) {
    for (std::string_view prefix : {"Exited (", "Restarting ("}) {
        if (!status_text.starts_with(prefix)) continue;
        status_text.remove_prefix(prefix.size());
        int code = 0;
        auto [end, error] = std::from_chars(status_text.data(), status_text.data() + status_text.size(), code);
        if (error == std::errc() && end != status_text.data() + status_text.size() && *end == ')') return code;
        return 0;
    }
    return 0;
}

ContainerSummary container_summary_from_list(const json& summary) {
    const std::string status_text = string_field(summary, "Status");
    return ContainerSummary{
        .id = string_field(summary, "Id"),
        .name = own_name(summary),
        .status = string_field(summary, "State"),
        .exit_code = exit_code_from_status_text(status_text),
        .health = health_from_status_text(status_text),
        .labels = string_map_field(summary, "Labels"),
    };
}

}  // namespace girofle::docker_api
