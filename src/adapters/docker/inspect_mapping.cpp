#include "adapters/docker/inspect_mapping.hpp"

#include <charconv>

#include "adapters/docker/json_fields.hpp"

namespace girofle::docker_api {
namespace {

int parse_port(std::string_view text) {
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// HostConfig.PortBindings: {"80/tcp": [{"HostIp": "127.0.0.9", "HostPort": "80"}], ...}
std::vector<PortBinding> tcp_port_bindings(const json& host_config) {
    std::vector<PortBinding> result;
    const json& bindings = object_field(host_config, "PortBindings");
    for (const auto& [key, list] : bindings.items()) {
        const auto slash = key.find('/');
        if (slash != std::string::npos && key.substr(slash + 1) != "tcp") continue;
        if (!list.is_array()) continue;
        const int container_port = parse_port(std::string_view(key).substr(0, slash));
        for (const json& binding : list)
            result.push_back({.host_ip = string_field(binding, "HostIp"),
                              .host_port = parse_port(string_field(binding, "HostPort")),
                              .container_port = container_port});
    }
    return result;
}

std::vector<BindMount> bind_mounts(const json& inspect) {
    std::vector<BindMount> result;
    const json* mounts = field(inspect, "Mounts");
    if (mounts == nullptr || !mounts->is_array()) return result;
    for (const json& mount : *mounts) {
        if (string_field(mount, "Type") != "bind") continue;
        result.push_back({.host_path = string_field(mount, "Source"),
                          .container_path = string_field(mount, "Destination"),
                          .read_only = !bool_field(mount, "RW")});
    }
    return result;
}

std::string last_health_output(const json& health) {
    const json* log = field(health, "Log");
    if (log == nullptr || !log->is_array() || log->empty()) return {};
    return string_field(log->back(), "Output");
}

}  // namespace

HealthStatus health_status_from(std::string_view text) {
    if (text == "starting") return HealthStatus::starting;
    if (text == "healthy") return HealthStatus::healthy;
    if (text == "unhealthy") return HealthStatus::unhealthy;
    return HealthStatus::none;
}

ContainerInfo container_info_from_inspect(const json& inspect) {
    const json& state = object_field(inspect, "State");
    const json& config = object_field(inspect, "Config");
    const json& health = object_field(state, "Health");
    std::string name = string_field(inspect, "Name");
    if (name.starts_with('/')) name.erase(0, 1);
    return ContainerInfo{
        .id = string_field(inspect, "Id"),
        .name = name,
        .image = string_field(config, "Image"),
        .image_id = string_field(inspect, "Image"),
        .status = string_field(state, "Status"),
        .running = bool_field(state, "Running"),
        .paused = bool_field(state, "Paused"),
        .pid = static_cast<int>(integer_field(state, "Pid")),
        .exit_code = static_cast<int>(integer_field(state, "ExitCode")),
        .health = health_status_from(string_field(health, "Status")),
        .health_output = last_health_output(health),
        .started_at = string_field(state, "StartedAt"),
        .labels = string_map_field(config, "Labels"),
        .env = string_list_field(config, "Env"),
        .ports = tcp_port_bindings(object_field(inspect, "HostConfig")),
        .mounts = bind_mounts(inspect),
    };
}

ImageInfo image_info_from_inspect(const json& inspect) {
    const auto test =
        string_list_field(object_field(object_field(inspect, "Config"), "Healthcheck"), "Test");
    return ImageInfo{
        .id = string_field(inspect, "Id"),
        .repo_tags = string_list_field(inspect, "RepoTags"),
        .repo_digests = string_list_field(inspect, "RepoDigests"),
        // ["NONE"] is how an image switches off a health check inherited from its base.
        .has_healthcheck = !test.empty() && test.front() != "NONE",
    };
}

}  // namespace girofle::docker_api
