// What the filesystem under an instance's volumes can do beyond plain files: btrfs subvolumes
// and their snapshots, and reflinks (files that share their blocks until one is written).
// DESIGN.md §13: `freeze` uses the fastest of these that the volumes' filesystem offers.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace girofle {

class FilesystemSnapshots {
public:
    virtual ~FilesystemSnapshots() = default;

    // True when `directory` is the top directory of a btrfs subvolume (btrfs gives every
    // subvolume's top the inode number 256); false on any other directory or filesystem.
    virtual bool is_subvolume(const std::filesystem::path& directory) = 0;
    // True when files in `directory` can be cloned with the FICLONE ioctl (btrfs; XFS made
    // with `-m reflink=1`), found by cloning a probe file that is removed at once.
    virtual bool supports_reflink(const std::filesystem::path& directory) = 0;

    // Creates `directory` (its parent must exist) as a new, empty btrfs subvolume.
    // Errors: failed (not btrfs, permission), no_space.
    virtual Result<void> create_subvolume(const std::filesystem::path& directory) = 0;
    // An atomic, writable snapshot of the subvolume `source` at `destination` (which must not
    // exist, on the same filesystem): every file as it was at one instant, sharing its blocks.
    // Writable so that it can be removed without privileges (see remove_subvolume).
    virtual Result<void> snapshot_subvolume(const std::filesystem::path& source,
                                            const std::filesystem::path& destination) = 0;
    // Removes the subvolume `directory` and everything in it. The btrfs ioctl needs
    // CAP_SYS_ADMIN or the mount option user_subvol_rm_allowed; without them the subvolume is
    // emptied and then removed with rmdir(2), which Linux allows since 4.18.
    virtual Result<void> remove_subvolume(const std::filesystem::path& directory) = 0;
};

// For hosts and tests without any of it: no subvolumes, no reflinks, every call fails.
FilesystemSnapshots& no_filesystem_snapshots();

}  // namespace girofle
