#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct DecommissionOptions {
    std::string instance;  // number, name or container name
    bool no_backup = false;
    std::optional<std::chrono::seconds> stop_timeout;
};

// The graceful end of an instance: (final backup,) a long clean stop, container removed,
// data directories and backups kept, address freed. Never a brutal delete.
Result<InstanceRecord> decommission(Services& services, const DecommissionOptions& options);

}  // namespace girofle
