// The real adapters behind a command's Services, created when a command first needs them.
#pragma once

#include <memory>

#include "adapters/process/posix_process_runner.hpp"
#include "adapters/system/linux_cgroup_freezer.hpp"
#include "adapters/system/linux_filesystem_snapshots.hpp"
#include "adapters/system/linux_host_network.hpp"
#include "cli/command_table.hpp"
#include "core/services.hpp"

namespace girofle::cli {

// The inventory at `location` (lmdb:PATH or etcd://...; empty: ROOT/inventory), with the
// etcd credentials and this host's id (ROOT/host-id, created on first use) from the root.
// Errors: usage for a bad URL or settings; the host id file's errors.
Result<std::unique_ptr<Inventory>> open_inventory(const std::string& location, const RootLayout& layout,
                                                  const RootConfig& config);

class Runtime {
public:
    explicit Runtime(const GlobalOptions& globals);
    // Fails on a malformed root configuration or a bad DOCKER_HOST.
    Result<Services> services();

private:
    const GlobalOptions& globals_;
    RootLayout layout_;
    std::unique_ptr<Docker> docker_;
    std::unique_ptr<Inventory> inventory_;  // chosen by --inventory or girofle.json
    LinuxHostNetwork network_;
    PosixProcessRunner processes_;
    SystemClock clock_;
    LinuxFilesystemSnapshots snapshots_;
    LinuxCgroupFreezer freezer_;
};

}  // namespace girofle::cli
