#include "adapters/docker/create_request.hpp"

#include <chrono>

namespace girofle::docker_api {
namespace {

using nlohmann::json;

std::int64_t nanoseconds(std::chrono::milliseconds duration) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
}

std::string tcp_port_key(int container_port) {
    return std::to_string(container_port) + "/tcp";
}

json health_check_body(const HealthCheck& check) {
    json body = {{"Interval", nanoseconds(check.interval)},
                 {"Timeout", nanoseconds(check.timeout)},
                 {"Retries", check.retries},
                 {"StartPeriod", nanoseconds(check.start_period)}};
    if (!check.command.empty()) {
        json test = json::array({"CMD"});  // argv form: the engine runs it without a shell
        for (const auto& argument : check.command) test.push_back(argument);
        body["Test"] = test;
    }
    return body;
}

}  // namespace

json container_create_body(const ContainerSpec& spec) {
    json host_config = json::object();
    json exposed_ports = json::object();
    json port_bindings = json::object();
    for (const auto& port : spec.ports) {
        const std::string key = tcp_port_key(port.container_port);
        exposed_ports[key] = json::object();
        // An empty HostPort lets the engine choose one.
        port_bindings[key].push_back(
            json::object({{"HostIp", port.host_ip},
                          {"HostPort", port.host_port > 0 ? std::to_string(port.host_port) : ""}}));
    }
    if (!port_bindings.empty()) host_config["PortBindings"] = port_bindings;

    json mounts = json::array();
    for (const auto& mount : spec.mounts)
        mounts.push_back(json::object({{"Type", "bind"},
                                       {"Source", mount.host_path},
                                       {"Target", mount.container_path},
                                       {"ReadOnly", mount.read_only}}));
    if (!mounts.empty()) host_config["Mounts"] = mounts;

    if (spec.shm_size_bytes > 0) host_config["ShmSize"] = spec.shm_size_bytes;
    if (!spec.restart_policy.empty())
        host_config["RestartPolicy"] = {{"Name", spec.restart_policy}};
    if (!spec.network_mode.empty()) host_config["NetworkMode"] = spec.network_mode;
    host_config["AutoRemove"] = spec.auto_remove;

    json body = {{"Image", spec.image},
                 {"Env", spec.env},
                 {"Labels", spec.labels},
                 {"HostConfig", host_config}};
    if (!spec.hostname.empty()) body["Hostname"] = spec.hostname;
    if (!spec.command.empty()) body["Cmd"] = spec.command;
    if (!exposed_ports.empty()) body["ExposedPorts"] = exposed_ports;
    if (spec.stop_timeout_seconds) body["StopTimeout"] = *spec.stop_timeout_seconds;
    if (spec.health_check) body["Healthcheck"] = health_check_body(*spec.health_check);
    return body;
}

}  // namespace girofle::docker_api
