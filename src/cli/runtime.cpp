#include "cli/runtime.hpp"

#include "adapters/docker/docker_host.hpp"

namespace girofle::cli {
namespace {

// One spelling per root ("/girofle/" and "girofle/.." are not new roots): it is matched
// against container labels.
std::filesystem::path canonical_root(const std::string& root) {
    auto path = std::filesystem::absolute(root).lexically_normal();
    if (!path.has_filename() && path != path.root_path()) path = path.parent_path();
    return path;
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
    return Services{.docker = *docker_,
                    .inventory = inventory_,
                    .network = network_,
                    .processes = processes_,
                    .clock = clock_,
                    .reporter = *globals_.reporter,
                    .layout = layout_,
                    .config = std::move(*config)};
}

}  // namespace girofle::cli
