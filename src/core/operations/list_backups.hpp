#pragma once

#include <string>
#include <vector>

#include "core/backup/snapshot_store.hpp"
#include "core/drill/remote_drill_history.hpp"
#include "core/services.hpp"

namespace girofle {

struct BackupListing {
    InstanceRecord record;
    std::vector<SnapshotEntry> snapshots;        // oldest first
    std::vector<std::uint64_t> added_bytes;      // disk each one added, hard links counted once
    std::vector<RemoteDrill> remote_drills;      // drills of snapshots fetched from a remote, oldest first
};

Result<BackupListing> list_backups(Services& services, const std::string& instance);

}  // namespace girofle
