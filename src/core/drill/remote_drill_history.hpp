// ROOT/noeud-gitlab-N/bckups/remote-drills.json: the drills of snapshots fetched from a
// restic remote (`girofle drill --from-remote`). Such a snapshot may exist nowhere on this
// root, so its report cannot live beside it as drill.json does; it lives with the
// instance's backups, which outlive a decommission as the snapshots do.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/drill/drill_report.hpp"
#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kRemoteDrillsFile = "remote-drills.json";
// The newest drills kept in the file: enough for a weekly drill's years of history.
inline constexpr std::size_t kRemoteDrillsKept = 200;

struct RemoteDrill {
    std::string remote;     // the repository's location, passwords redacted
    std::string restic_id;  // restic's short snapshot ID
    DrillReport report;     // report.backup_id: Girofle's snapshot ID
};

nlohmann::json to_json(const RemoteDrill& drill);

// Oldest first; empty when there is no file or an unreadable one (no drill on record).
std::vector<RemoteDrill> read_remote_drills(const std::filesystem::path& backups_directory);

// Appends `drill` (replacing an earlier drill of the same backup from the same remote) and
// keeps the newest kRemoteDrillsKept; atomically, 0600, creating `backups_directory`
// when a remote drill comes first. Errors: the file's.
Result<void> record_remote_drill(const std::filesystem::path& backups_directory, const RemoteDrill& drill);

}  // namespace girofle
