#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/backup/manifest.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/backup/verified_copy.hpp"
#include "core/file_operations.hpp"
#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct RestoreOptions {
    std::string instance;                       // number, name or container name
    std::optional<std::string> backup_id;       // default: the newest usable snapshot
    std::optional<std::string> ip;              // publish on another address
    std::optional<std::string> as_name;         // restore into a new instance beside the old one
    // Snapshots from another directory's bckups/ (the original `restore CONTAINER DIRECTORY`).
    std::optional<std::filesystem::path> backups_directory;
    // The renames and the verified copy; null: this machine's (local_file_operations()).
    // Unit tests pass one that fails on demand.
    FileOperations* files = nullptr;
};

struct RestoreOutcome {
    InstanceRecord record;              // the instance as restored
    std::string backup_id;
    std::filesystem::path set_aside;    // where the volumes it replaced were moved, if any
};

// Copies the snapshot beside the live volumes while GitLab runs, hashing each file as it is
// copied (core/backup/verified_copy.hpp; a copy: live data never shares inodes with a
// snapshot), and refuses a damaged one, naming the file, before anything moves; then stops
// the container gracefully; moves the current volumes aside (nothing is deleted) and the copy
// into their place; recreates the container with the image recorded in the manifest and the
// same GITLAB_OMNIBUS_CONFIG; waits until ready. Any failure puts the previous volumes and
// container back. Works for an instance whose container was removed, or that was
// decommissioned. The operations log's record holds the phases' milliseconds: verify_copy_ms,
// stop_ms, container_start_ms, readiness_ms (and app_restore_ms for the app strategy).
Result<RestoreOutcome> restore(Services& services, const RestoreOptions& options);

// The checks of the original form `restore CONTAINER DIRECTORY`, each failure named: the
// container exists in Docker and is one of this root's instances; the directory holds
// mapping-volumes/{data,config,log} and bckups/ with a backup holding data, config and log.
// Returns the instance reference to restore.
Result<std::string> check_original_restore_form(Services& services, const std::string& container,
                                                const std::filesystem::path& directory);

// Pieces shared with restore --from-remote, which restores into a new instance too.
// GitLab refuses to restore across versions: the image must be the one the backup recorded.
Result<void> check_restore_image(Services& services, const SnapshotManifest& manifest);
// The snapshot fits, with a margin, on the filesystem holding `where`.
Result<void> check_restore_space(const std::filesystem::path& where, const SnapshotManifest& manifest,
                                 const std::string& object);
// Copies the published snapshot `entry` into `destination` (which must not exist, and does not
// after a failure), each file hashed as it is copied and checked against `checksums` (its list,
// as read_recorded_checksums gives it): one read of each file (core/backup/verified_copy.hpp).
// On btrfs the destination is made a subvolume. Errors: a file unreadable, missing, extra or
// not as listed is failed "backup ID: damaged, restore refused: 1 problem(s), first: PATH:
// CAUSE" and recorded as the snapshot's failed verification; others are verified_copy's,
// about `object`.
Result<VerifiedCopyStats> copy_verified_snapshot(Services& services, FileOperations& files, const SnapshotEntry& entry,
                                                 const std::map<std::string, std::string>& checksums,
                                                 const std::filesystem::path& destination, const std::string& object);
// Removes the empty directories commission made for a new instance's volumes (`volumes`:
// ROOT/noeud-gitlab-N/mapping-volumes and its data, config, log), so that a copy can take
// their place. Errors: failed naming `volumes` when one is not empty or cannot be removed.
Result<void> clear_new_volumes(const std::filesystem::path& volumes);
// A copy with rsync, never hard links: the restored instance writes to its own files. (Used
// by drill, which must copy a damaged snapshot too, to show what GitLab makes of it.)
Result<void> copy_snapshot_into(Services& services, const std::filesystem::path& snapshot,
                                const std::filesystem::path& volumes);
// Strategy app: the snapshot holds GitLab's archive; GitLab's own restore puts it back.
Result<void> run_app_restore(Services& services, const InstanceRecord& record, const SnapshotManifest& manifest);

}  // namespace girofle
