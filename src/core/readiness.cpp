#include "core/readiness.hpp"

#include "core/interruption.hpp"
#include "core/process.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

constexpr auto kPollInterval = 1000ms;
constexpr auto kProbeTimeout = 10s;
const std::vector<std::string> kReadinessProbe = {"curl", "-fsS", "-m", "5",
                                                  "http://127.0.0.1/-/readiness"};

}  // namespace

Result<void> wait_until_ready(Docker& docker, Clock& clock, Reporter& reporter,
                              const ReadinessWait& wait) {
    const auto started = clock.monotonic();
    std::string last_state = "starting";
    while (true) {
        if (interrupted())
            return fail(ErrorKind::failed, wait.object, "interrupted while waiting for readiness");
        auto info = docker.inspect_container(wait.container);
        if (!info) {
            if (info.error().kind == ErrorKind::not_found)
                return fail(ErrorKind::failed, wait.object,
                            "container vanished while starting (removed by someone else?)");
            return std::unexpected(info.error().about(wait.object));
        }
        if (!info->running && !info->paused && info->status != "restarting" &&
            info->status != "created")
            return fail(ErrorKind::failed, wait.object,
                        "container stopped while starting (status " + info->status +
                            ", exit code " + std::to_string(info->exit_code) +
                            "); see docker logs " + wait.container);
        if (info->health == HealthStatus::healthy) return {};
        if (info->health == HealthStatus::unhealthy && wait.unhealthy_is_final)
            return fail(ErrorKind::failed, wait.object,
                        "container is unhealthy: " +
                            (info->health_output.empty() ? std::string("health check failed")
                                                         : tail_of(info->health_output, 200)));
        if (info->health == HealthStatus::none && info->running) {
            auto probe = docker.exec(wait.container, kReadinessProbe, kProbeTimeout);
            if (probe && probe->exit_code == 0) return {};
            last_state = probe ? "readiness probe: " + tail_of(probe->err + probe->out, 120)
                               : "readiness probe failed: " + probe.error().message();
        } else {
            last_state = info->health == HealthStatus::starting    ? "health: starting"
                         : info->health == HealthStatus::unhealthy ? "health: unhealthy, services restarting"
                                                                   : info->status;
        }

        auto waited = std::chrono::duration_cast<std::chrono::seconds>(clock.monotonic() - started);
        if (waited >= wait.bound)
            return fail(ErrorKind::timeout, wait.object,
                        "not ready after " + std::to_string(wait.bound.count()) + " s (" +
                            last_state + ")");
        reporter.progress(wait.object + ": waiting for GitLab to be ready (" + last_state + ", " +
                          std::to_string(waited.count()) + " s of " +
                          std::to_string(wait.bound.count()) + " s)");
        clock.sleep_for(kPollInterval);
    }
}

}  // namespace girofle
