#include "adapters/system/linux_filesystem_snapshots.hpp"

#include <btrfsutil.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/file_descriptor.hpp"
#include "core/file_io.hpp"

namespace girofle {
namespace {

// libbtrfsutil sets errno along with its own code: both say what went wrong.
Result<void> btrfs_result(btrfs_util_error code, const std::filesystem::path& object, const std::string& what) {
    if (code == BTRFS_UTIL_OK) return {};
    const int error_number = errno;
    return fail(kind_of_errno(error_number), object.string(),
                "cannot " + what + ": " + btrfs_util_strerror(code) + " (" + std::strerror(error_number) + ")");
}

}  // namespace

bool LinuxFilesystemSnapshots::is_subvolume(const std::filesystem::path& directory) {
    return btrfs_util_is_subvolume(directory.c_str()) == BTRFS_UTIL_OK;
}

bool LinuxFilesystemSnapshots::supports_reflink(const std::filesystem::path& directory) {
    // Two unnamed files (O_TMPFILE): nothing to clean up whatever happens.
    FileDescriptor source(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    FileDescriptor clone(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (source.get() < 0 || clone.get() < 0) return false;
    const char block[] = "girofle reflink probe\n";
    if (::write(source.get(), block, sizeof block) != static_cast<ssize_t>(sizeof block)) return false;
    return ::ioctl(clone.get(), FICLONE, source.get()) == 0;
}

Result<void> LinuxFilesystemSnapshots::create_subvolume(const std::filesystem::path& directory) {
    return btrfs_result(btrfs_util_create_subvolume(directory.c_str(), 0, nullptr, nullptr), directory,
                        "create a btrfs subvolume");
}

Result<void> LinuxFilesystemSnapshots::snapshot_subvolume(const std::filesystem::path& source,
                                                          const std::filesystem::path& destination) {
    return btrfs_result(btrfs_util_create_snapshot(source.c_str(), destination.c_str(), 0, nullptr, nullptr), source,
                        "snapshot into " + destination.string());
}

Result<void> LinuxFilesystemSnapshots::remove_subvolume(const std::filesystem::path& directory) {
    if (btrfs_util_delete_subvolume(directory.c_str(), 0) == BTRFS_UTIL_OK) return {};
    // Without CAP_SYS_ADMIN (the toolbox) the ioctl is refused: remove_all empties the
    // subvolume, and its last step, rmdir(2), removes an empty subvolume.
    std::error_code error;
    std::filesystem::remove_all(directory, error);
    if (error)
        return fail(kind_of_errno(error.value()), directory.string(), "cannot remove the snapshot: " + error.message());
    return {};
}

}  // namespace girofle
