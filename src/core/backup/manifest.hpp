// manifest.json, written into every snapshot: enough to verify it, to know which GitLab can
// restore it, and to rebuild the instance on another host without any inventory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/drill/expected_contents.hpp"
#include "core/error.hpp"
#include "core/instance.hpp"

namespace girofle {

struct SnapshotManifest {
    static constexpr int kFormat = 1;

    std::string id;
    InstanceRecord instance;            // as it was when the snapshot began
    std::string image_reference;
    std::string image_id;               // sha256:...
    std::vector<std::string> image_digests;
    std::string gitlab_version;         // from data/gitlab-rails/VERSION, empty if absent
    std::string strategy;               // freeze, stop, app, cold
    std::string method;                 // how the copy was taken: btrfs-snapshot, reflink, rsync (core/backup/snapshot_method.hpp)
    std::string started_at;             // RFC 3339 UTC with milliseconds
    std::string finished_at;
    std::int64_t freeze_window_ms = 0;  // how long GitLab was paused or stopped
    std::string previous;               // the snapshot unchanged files are hard links to
    std::uint64_t files = 0;
    std::uint64_t directories = 0;
    std::uint64_t symlinks = 0;
    std::uint64_t bytes = 0;            // apparent size of the regular files
    // Disk (bytes of st_blocks) this snapshot added beyond `previous` when it was taken: what
    // is not a hard link to it. Absent from snapshots taken before Girofle recorded it.
    std::optional<std::uint64_t> added_bytes;
    // The files rsync's quick check linked to `previous` were checked against their ctime and
    // compared by content where it said they changed (core/backup/quick_check_misses.hpp).
    // False in snapshots taken before Girofle did: the next backup then compares every file it
    // links by content, once, since such a snapshot may hold a stale one.
    bool quick_check_misses_copied = false;
    std::string checksums_sha256;       // digest of checksums.sha256 itself
    std::string app_backup;             // strategy app: the gitlab-backup archive's file name
    ExpectedContents expected;          // what a restore must give back (girofle drill checks it)
};

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kChecksumsFile = "checksums.sha256";

nlohmann::json to_json(const SnapshotManifest& manifest);
Result<SnapshotManifest> manifest_from_json(const nlohmann::json& json);

Result<SnapshotManifest> read_manifest(const std::filesystem::path& snapshot_directory);
// Written to a temporary file, synced, then renamed: never half a manifest.
Result<void> write_manifest(const std::filesystem::path& snapshot_directory,
                            const SnapshotManifest& manifest);

}  // namespace girofle
