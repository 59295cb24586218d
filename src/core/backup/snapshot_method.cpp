#include "core/backup/snapshot_method.hpp"

#include <linux/magic.h>
#include <sys/vfs.h>

#include <cstdio>

namespace girofle {
namespace {

long filesystem_type(const std::filesystem::path& path) {
    struct statfs info {};
    return ::statfs(path.c_str(), &info) == 0 ? static_cast<long>(info.f_type) : 0;
}

}  // namespace

const char* to_string(SnapshotMethod method) {
    switch (method) {
        case SnapshotMethod::btrfs_snapshot: return "btrfs-snapshot";
        case SnapshotMethod::reflink: return "reflink";
        case SnapshotMethod::rsync: return "rsync";
    }
    return "rsync";
}

std::string filesystem_name(const std::filesystem::path& path) {
    switch (filesystem_type(path)) {
        case BTRFS_SUPER_MAGIC: return "btrfs";
        case XFS_SUPER_MAGIC: return "xfs";
        case EXT4_SUPER_MAGIC: return "ext4";  // ext2 and ext3 share the magic number
        case TMPFS_MAGIC: return "tmpfs";
        case OVERLAYFS_SUPER_MAGIC: return "overlay";
        default: break;
    }
    char text[32];
    std::snprintf(text, sizeof text, "filesystem 0x%lx", static_cast<unsigned long>(filesystem_type(path)));
    return text;
}

bool on_btrfs(const std::filesystem::path& parent) { return filesystem_type(parent) == BTRFS_SUPER_MAGIC; }

SnapshotMethodChoice choose_snapshot_method(FilesystemSnapshots& filesystem, const std::filesystem::path& volumes) {
    if (filesystem.is_subvolume(volumes))
        return {SnapshotMethod::btrfs_snapshot,
                "its volumes are a btrfs subvolume: GitLab is paused only for an atomic snapshot"};
    const std::string name = filesystem_name(volumes);
    if (filesystem.supports_reflink(volumes)) {
        std::string why = "the volumes' filesystem (" + name + ") clones files: GitLab is paused while they are cloned";
        if (name == "btrfs")
            why += "; make mapping-volumes a subvolume for a pause that does not grow with the files "
                   "(a restore does it)";
        return {SnapshotMethod::reflink, why};
    }
    return {SnapshotMethod::rsync, "the volumes' filesystem (" + name +
                                       ") has neither snapshots nor reflinks: a live copy, then GitLab is paused "
                                       "while what changed is copied again"};
}

}  // namespace girofle
