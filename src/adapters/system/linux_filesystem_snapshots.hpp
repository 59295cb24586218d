// FilesystemSnapshots on Linux: btrfs subvolumes through libbtrfsutil (btrfs-progs' own
// library), reflink support probed with the FICLONE ioctl (ioctl_ficlone(2)).
#pragma once

#include "core/backup/filesystem_snapshots.hpp"

namespace girofle {

class LinuxFilesystemSnapshots final : public FilesystemSnapshots {
public:
    bool is_subvolume(const std::filesystem::path& directory) override;
    bool supports_reflink(const std::filesystem::path& directory) override;
    Result<void> create_subvolume(const std::filesystem::path& directory) override;
    Result<void> snapshot_subvolume(const std::filesystem::path& source,
                                    const std::filesystem::path& destination) override;
    Result<void> remove_subvolume(const std::filesystem::path& directory) override;
};

}  // namespace girofle
