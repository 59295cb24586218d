// Restore on another host: a snapshot fetched from a restic remote becomes an instance of
// this root, with the number and name it had where it was taken when they are free here.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/backup/snapshot_store.hpp"
#include "core/instance.hpp"
#include "core/remote/remote_operations.hpp"
#include "core/services.hpp"

namespace girofle {

struct RemoteRestoreOptions {
    std::string location;                  // the restic repository
    std::optional<std::string> instance;   // number or name it had; needed when the remote holds several
    std::optional<std::string> snapshot;   // Girofle's snapshot ID or a restic ID; default: the newest
    std::optional<std::string> ip;         // default: the address it had
    std::optional<std::string> as_name;    // a new instance (new number) with this name
};

struct RemoteRestoreOutcome {
    InstanceRecord record;
    std::string backup_id;
    std::string restic_id;
};

// Chooses the snapshot and checks its number and name are free here (else a usage error
// saying to give --as NAME) before anything changes; fetches it into a staging directory
// under the root, checks its checksum list against its manifest and copies its volumes
// beside it, each file checked against the list as it is copied (one read; the snapshot's
// verification record says so). A file not as listed fails "backup ID: damaged, restore
// refused: 1 problem(s), first: PATH: CAUSE" before any number is reserved. Then it
// commissions the instance with the recorded image, ports and configuration, the snapshot
// kept as ROOT/noeud-gitlab-N/bckups/ID and the copy moved into its volumes. Any failure
// removes all of it.
Result<RemoteRestoreOutcome> restore_from_remote(Services& services, const RemoteRestoreOptions& options);

// The fetch restore_from_remote uses, for drills of a remote snapshot: restores `snapshot`
// from `repository` under `staging` (an empty directory the caller made and removes) and
// verifies it against its manifest and checksums. Returns the fetched snapshot (its
// directory somewhere under `staging`, its manifest read). Errors: restic's (as
// restic_failure classifies them); failed when the remote snapshot does not hold that
// backup, its manifest is unreadable or a file differs from its checksum (the first one named).
Result<SnapshotEntry> fetch_remote_snapshot(Services& services, const ResticRepository& repository,
                                            const RemoteSnapshot& snapshot, const std::filesystem::path& staging);

}  // namespace girofle
