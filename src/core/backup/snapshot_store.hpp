// The snapshots of one instance under ROOT/noeud-gitlab-N/bckups. A snapshot is complete
// only once renamed from ID.partial to ID with its manifest inside: nothing else is ever
// listed, verified or restored.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/backup/manifest.hpp"
#include "core/drill/drill_report.hpp"
#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kPartialSuffix = ".partial";
inline constexpr const char* kVerificationFile = "verification.json";

struct Verification {
    bool ok = false;
    std::string checked_at;
    std::uint64_t files_checked = 0;
    std::vector<std::string> problems;
};

struct SnapshotEntry {
    std::string id;
    std::filesystem::path directory;
    std::optional<SnapshotManifest> manifest;   // absent: unreadable (the entry is damaged)
    std::string manifest_error;
    std::optional<Verification> verification;   // the last `verify`, if any
    std::optional<DrillReport> drill;           // the last `drill`, if any
    // Damaged: unreadable manifest, or the last verification failed.
    bool known_damaged() const { return !manifest || (verification && !verification->ok); }
};

class SnapshotStore;
// The snapshot `id` names, or the newest usable one when none is named. Errors: not_found for
// an unknown id; usage, naming `object`, when there is no usable snapshot.
Result<SnapshotEntry> find_or_newest_usable(const SnapshotStore& store, const std::optional<std::string>& id,
                                            const std::string& object);

class SnapshotStore {
public:
    explicit SnapshotStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

    const std::filesystem::path& directory() const { return directory_; }
    std::filesystem::path partial_path(const std::string& id) const {
        return directory_ / (id + kPartialSuffix);
    }
    std::filesystem::path path_of(const std::string& id) const { return directory_ / id; }

    // Complete snapshots, oldest first.
    Result<std::vector<SnapshotEntry>> list() const;
    Result<SnapshotEntry> find(const std::string& id) const;
    // The newest snapshot not known to be damaged.
    Result<std::optional<SnapshotEntry>> newest_usable() const;

    // Leftovers of runs that died before completing; only called under the instance lock.
    std::vector<std::filesystem::path> partials() const;

    // A free ID for a snapshot starting now.
    std::string new_id(std::chrono::system_clock::time_point now) const;

    Result<void> remove(const std::string& id) const;
    Result<void> record_verification(const std::string& id, const Verification& verification) const;

    // Bytes each snapshot added on disk, in list() order: an inode is charged to the oldest
    // snapshot holding it, as `du` does across hard links.
    Result<std::vector<std::uint64_t>> added_bytes(const std::vector<SnapshotEntry>& entries) const;

private:
    std::filesystem::path directory_;
};

}  // namespace girofle
