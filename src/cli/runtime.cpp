#include "cli/runtime.hpp"

#include "adapters/docker/docker_host.hpp"

#include <cstdlib>

namespace girofle::cli {
namespace {

// One spelling per root ("/girofle/" and "girofle/.." are not new roots): it is matched
// against container labels.
std::filesystem::path canonical_root(const std::string& root) {
    auto path = std::filesystem::absolute(root).lexically_normal();
    if (!path.has_filename() && path != path.root_path()) path = path.parent_path();
    return path;
}

// In the toolbox the launcher tells where the host's cron directory is mounted and which
// command cron must run on the host; run natively, it is this binary itself.
CronSettings cron_settings_from_environment() {
    CronSettings settings;
    if (const char* directory = std::getenv("GIROFLE_CRON_DIR"); directory && *directory)
        settings.directory = directory;
    if (const char* launcher = std::getenv("GIROFLE_LAUNCHER"); launcher && *launcher) {
        settings.command = launcher;
    } else {
        std::error_code error;
        settings.command = std::filesystem::read_symlink("/proc/self/exe", error).string();
    }
    return settings;
}

}  // namespace

Runtime::Runtime(const GlobalOptions& globals)
    : globals_(globals),
      layout_(canonical_root(globals.root)),
      inventory_(layout_.inventory()) {}

Result<Services> Runtime::services() {
    auto config = load_root_config(layout_);
    if (!config) return std::unexpected(config.error());
    if (!docker_) {
        auto docker = docker_engine_from_environment();
        if (!docker) return std::unexpected(docker.error());
        docker_ = std::move(*docker);
    }
    // The launcher mounts the node exporter's directory and names it here; girofle.json wins.
    if (const char* metrics = std::getenv("GIROFLE_METRICS_DIR"); metrics && *metrics && config->metrics_dir.empty())
        config->metrics_dir = metrics;
    CronSettings cron = cron_settings_from_environment();
    cron.mailto = config->notify.mailto;
    return Services{.docker = *docker_,
                    .inventory = inventory_,
                    .network = network_,
                    .processes = processes_,
                    .clock = clock_,
                    .reporter = *globals_.reporter,
                    .layout = layout_,
                    .config = std::move(*config),
                    .cron = std::move(cron)};
}

}  // namespace girofle::cli
