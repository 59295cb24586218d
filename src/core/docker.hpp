// What Girofle needs from a container engine. The real adapter speaks the Docker Engine API
// over the Unix socket; unit tests of the core use a fake.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct PortBinding {
    std::string host_ip;
    int host_port = 0;
    int container_port = 0;  // TCP
};

struct BindMount {
    std::string host_path;
    std::string container_path;
    bool read_only = false;
};

// A check the engine runs inside the container to set its health status; without one, the
// image's own HEALTHCHECK applies. Tests and the stand-in image use it; GitLab brings its own.
struct HealthCheck {
    std::vector<std::string> command;  // argv run inside the container, without a shell
    std::chrono::milliseconds interval{30'000};
    std::chrono::milliseconds timeout{30'000};
    int retries = 3;  // consecutive failures before the status becomes unhealthy
    std::chrono::milliseconds start_period{0};  // failures here do not count yet
};

struct ContainerSpec {
    std::string name;
    std::string image;
    std::string hostname;
    std::vector<std::string> env;  // "KEY=VALUE"; may hold secrets: never log it
    std::vector<std::string> command;  // empty: the image's own
    std::vector<PortBinding> ports;
    std::vector<BindMount> mounts;
    std::map<std::string, std::string> labels;
    std::int64_t shm_size_bytes = 0;   // 0: the engine's default
    std::string restart_policy;        // "", "no", "always", "unless-stopped", "on-failure"
    std::optional<int> stop_timeout_seconds;
    std::string network_mode;          // "": the engine's default bridge
    bool auto_remove = false;
    std::optional<HealthCheck> health_check;  // empty: the image's own
};

enum class HealthStatus { none, starting, healthy, unhealthy };

struct ContainerInfo {
    std::string id;
    std::string name;       // without the leading '/'
    std::string image;      // the reference it was created from
    std::string image_id;   // sha256:...
    std::string status;     // created, running, paused, restarting, removing, exited, dead
    bool running = false;
    bool paused = false;
    int pid = 0;            // its first process, as the host numbers it (State.Pid); 0 when not running
    int exit_code = 0;
    HealthStatus health = HealthStatus::none;  // none: the image defines no health check
    std::string health_output;  // output of the most recent health check, for error messages
    std::string started_at;     // RFC 3339 as Docker gives it
    std::map<std::string, std::string> labels;
    std::vector<std::string> env;
    std::vector<PortBinding> ports;  // as configured at creation (HostConfig.PortBindings)
    std::vector<BindMount> mounts;   // bind mounts only; named volumes are not Girofle's
};

// One container as the engine's container list gives it, without an inspect: enough to tell
// many containers' states in one request. Env, mounts and the start time are not in the list.
struct ContainerSummary {
    std::string id;
    std::string name;    // without the leading '/'
    std::string status;  // created, running, paused, restarting, removing, exited, dead
    // The last run's exit code, for exited and restarting containers (the list's Status text).
    int exit_code = 0;
    // From the Status text, which shows health only while the container runs unpaused: for any
    // other state it reads none whatever the container's check says (inspect it to know).
    HealthStatus health = HealthStatus::none;
    std::map<std::string, std::string> labels;
};

// Whether a listed container runs unpaused. Docker counts one restarting under its restart
// policy as running, and so does Girofle (list, metrics).
inline bool runs_unpaused(const ContainerSummary& summary) {
    return summary.status == "running" || summary.status == "restarting";
}

struct ImageInfo {
    std::string id;                         // sha256:...
    std::vector<std::string> repo_tags;
    std::vector<std::string> repo_digests;  // name@sha256:..., empty for images built locally
    bool has_healthcheck = false;
};

struct ExecResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

struct EngineVersion {
    std::string version;       // engine, e.g. 20.10.24
    std::string api_version;   // the version this client speaks after negotiation
    std::string engine_api_version;  // the newest the engine speaks, e.g. 1.41
};

class Docker {
public:
    virtual ~Docker() = default;

    virtual Result<EngineVersion> version() = 0;

    // Errors: conflict (name in use), not_found (image), unavailable (daemon down).
    virtual Result<std::string> create_container(const ContainerSpec& spec) = 0;
    // Errors: conflict with cause naming the address and port when a published port is taken.
    virtual Result<void> start_container(const std::string& id_or_name) = 0;
    virtual Result<ContainerInfo> inspect_container(const std::string& id_or_name) = 0;
    // Sends SIGTERM, then SIGKILL after `timeout`; the call waits that long.
    virtual Result<void> stop_container(const std::string& id_or_name,
                                        std::chrono::seconds timeout) = 0;
    virtual Result<void> remove_container(const std::string& id_or_name, bool force) = 0;
    // Containers carrying every label given ("key" or "key=value"); all states when `all`.
    // Each is fully inspected (env, health, mounts), not the list's partial summary.
    virtual Result<std::vector<ContainerInfo>> list_containers(
        const std::vector<std::string>& label_filters, bool all) = 0;
    // Containers of every state carrying every label given ("key" or "key=value"), in ONE
    // request: the engine's summaries, none inspected. Errors: unavailable (daemon down).
    virtual Result<std::vector<ContainerSummary>> list_container_summaries(
        const std::vector<std::string>& label_filters) = 0;
    virtual Result<void> pause_container(const std::string& id_or_name) = 0;
    virtual Result<void> unpause_container(const std::string& id_or_name) = 0;
    // Runs argv inside a running container and waits for it, with a bound.
    virtual Result<ExecResult> exec(const std::string& id_or_name,
                                    const std::vector<std::string>& argv,
                                    std::chrono::seconds timeout) = 0;
    // The last lines of the container's output, for diagnosing a failed start.
    virtual Result<std::string> logs(const std::string& id_or_name, int tail_lines) = 0;

    virtual Result<ImageInfo> inspect_image(const std::string& reference) = 0;
    // Pulls from the image's registry. Errors: not_found, unavailable (registry unreachable).
    virtual Result<void> pull_image(const std::string& reference) = 0;
};

const char* to_string(HealthStatus status);

}  // namespace girofle
