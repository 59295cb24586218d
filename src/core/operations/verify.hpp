#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/backup/snapshot_store.hpp"
#include "core/services.hpp"

namespace girofle {

struct SnapshotVerification {
    std::string id;
    Verification result;
};

// Checks one snapshot against its manifest and checksum list: the manifest readable, the
// list untouched (its digest is in the manifest), every file present with its content, and
// no file added. Records the outcome in the snapshot's verification.json.
Result<Verification> verify_snapshot(Services& services, const SnapshotStore& store, const SnapshotEntry& entry);

// Every complete snapshot of the instance, or the one given. Takes the instance's lock.
Result<std::vector<SnapshotVerification>> verify_backups(Services& services, const std::string& instance,
                                                         const std::optional<std::string>& backup_id);

}  // namespace girofle
