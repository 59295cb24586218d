#include "cli/runtime.hpp"

#include "adapters/docker/docker_host.hpp"
#include "adapters/etcd/etcd_inventory.hpp"
#include "adapters/lmdb/lmdb_inventory.hpp"
#include "core/inventory/host_id.hpp"
#include "core/inventory/inventory_location.hpp"
#include "core/inventory/record_mirror.hpp"

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

// In the toolbox the launcher mounts the host's cgroup tree elsewhere than /sys/fs/cgroup,
// where Docker gives a container a read-only view of its own cgroup.
std::filesystem::path cgroup_root_from_environment() {
    const char* root = std::getenv("GIROFLE_CGROUP_ROOT");
    return root && *root ? root : "/sys/fs/cgroup";
}

}  // namespace

Result<std::unique_ptr<Inventory>> open_inventory(const std::string& location, const RootLayout& layout,
                                                  const RootConfig& config) {
    if (location.empty()) return std::make_unique<LmdbInventory>(layout.inventory());
    auto parsed = parse_inventory_location(location);
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->backend == InventoryLocation::Backend::lmdb)
        return std::make_unique<LmdbInventory>(parsed->lmdb_path);
    auto host_id = load_or_create_host_id(layout);
    if (!host_id) return std::unexpected(host_id.error());
    const auto& etcd = config.etcd;
    return std::make_unique<EtcdInventory>(EtcdInventorySettings{
        .connection = {.endpoints = parsed->endpoints,
                       .ca_file = etcd.ca_file,
                       .cert_file = etcd.cert_file,
                       .key_file = etcd.key_file,
                       .user = etcd.user,
                       .password_file = etcd.password_file},
        .fleet = parsed->fleet,
        .host_id = *host_id,
        .lease_ttl = std::chrono::seconds(etcd.lease_seconds),
        .location = parsed->url()});
}

Runtime::Runtime(const GlobalOptions& globals)
    : globals_(globals),
      layout_(canonical_root(globals.root)),
      freezer_("/proc", cgroup_root_from_environment()) {}

Result<Services> Runtime::services() {
    auto config = load_root_config(layout_);
    if (!config) return std::unexpected(config.error());
    if (!inventory_) {
        auto inventory = open_inventory(globals_.inventory.empty() ? config->inventory : globals_.inventory,
                                        layout_, *config);
        if (!inventory) return std::unexpected(inventory.error());
        inventory_ = std::make_unique<MirroredInventory>(std::move(*inventory), layout_, *globals_.reporter);
    }
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
                    .inventory = *inventory_,
                    .network = network_,
                    .processes = processes_,
                    .clock = clock_,
                    .reporter = *globals_.reporter,
                    .layout = layout_,
                    .config = std::move(*config),
                    .cron = std::move(cron),
                    .snapshots = snapshots_,
                    .freezer = freezer_};
}

}  // namespace girofle::cli
