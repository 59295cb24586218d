#pragma once

#include <string>
#include <vector>

#include "core/backup/snapshot_store.hpp"
#include "core/services.hpp"

namespace girofle {

struct BackupListing {
    InstanceRecord record;
    std::vector<SnapshotEntry> snapshots;        // oldest first
    std::vector<std::uint64_t> added_bytes;      // disk each one added, hard links counted once
};

Result<BackupListing> list_backups(Services& services, const std::string& instance);

}  // namespace girofle
