// The real adapters behind a command's Services, created when a command first needs them.
#pragma once

#include <memory>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "adapters/process/posix_process_runner.hpp"
#include "adapters/system/linux_host_network.hpp"
#include "cli/command_table.hpp"
#include "core/services.hpp"

namespace girofle::cli {

class Runtime {
public:
    explicit Runtime(const GlobalOptions& globals);
    // Fails on a malformed root configuration or a bad DOCKER_HOST.
    Result<Services> services();

private:
    const GlobalOptions& globals_;
    RootLayout layout_;
    std::unique_ptr<Docker> docker_;
    LmdbInventory inventory_;
    LinuxHostNetwork network_;
    PosixProcessRunner processes_;
    SystemClock clock_;
};

}  // namespace girofle::cli
