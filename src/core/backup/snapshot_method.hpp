// How `freeze` takes its consistent copy of an instance's volumes (DESIGN.md §13): the
// fastest method the volumes' filesystem offers. Whatever the method, the published snapshot
// has the same layout, so verify, restore, drills and remotes do not care.
#pragma once

#include <filesystem>
#include <string>

#include "core/backup/filesystem_snapshots.hpp"

namespace girofle {

enum class SnapshotMethod {
    btrfs_snapshot,  // the volumes are a btrfs subvolume: paused for one atomic snapshot
    reflink,         // the filesystem clones files (btrfs, XFS reflink=1): paused for a clone
    rsync,           // anything else: a live pass, then a paused pass over what changed
};

// "btrfs-snapshot", "reflink", "rsync": the words manifest.json and doctor use.
const char* to_string(SnapshotMethod method);

struct SnapshotMethodChoice {
    SnapshotMethod method = SnapshotMethod::rsync;
    std::string reason;  // one sentence for doctor: what the filesystem offers, what it costs
};

// For `volumes` (ROOT/noeud-gitlab-N/mapping-volumes), which must exist.
SnapshotMethodChoice choose_snapshot_method(FilesystemSnapshots& filesystem, const std::filesystem::path& volumes);

// The filesystem's type from statfs(2)'s f_type ("btrfs", "xfs", "ext4", "tmpfs", "overlay"),
// or "filesystem 0x..." for another; used in messages only.
std::string filesystem_name(const std::filesystem::path& path);

// Whether commission and restore should make an instance's volumes directory a subvolume:
// `parent` is on btrfs.
bool on_btrfs(const std::filesystem::path& parent);

}  // namespace girofle
