#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup/manifest.hpp"
#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

enum class BackupStrategy {
    freeze,  // copy live, then pause GitLab for a final pass: crash-consistent, no restart
    stop,    // graceful stop, copy, start: cold
    app,     // GitLab's own gitlab-backup plus the config volume: application-consistent
};

const char* to_string(BackupStrategy strategy);
std::optional<BackupStrategy> backup_strategy_from(std::string_view text);

struct BackupOutcome {
    InstanceRecord record;
    SnapshotManifest manifest;
    std::vector<std::string> pruned;  // snapshots removed by the retention policy
};

// Takes the instance's lock, then a snapshot (see backup_locked).
Result<BackupOutcome> backup(Services& services, const std::string& instance, BackupStrategy strategy);

// With the lock held: resumes GitLab if a killed run left it paused, removes leftovers of
// killed runs, checks free space before anything is frozen, copies into ID.partial with hard
// links to the previous snapshot, checksums, writes the manifest, and renames ID.partial to
// ID only when all is written and synced. GitLab is unpaused or started again on every way
// out. `leave_stopped` (decommission's final backup) does not start it again.
Result<BackupOutcome> backup_locked(Services& services, const InstanceRecord& record,
                                    BackupStrategy strategy, bool leave_stopped = false);

struct BatchBackupOutcome {
    std::vector<BackupOutcome> done;
    std::vector<Error> failed;
};
// Every active instance, one after the other; a failure does not stop the others.
BatchBackupOutcome backup_all(Services& services, BackupStrategy strategy);

}  // namespace girofle
