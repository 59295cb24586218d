#include "support/loop_filesystem.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "support/commands.hpp"

namespace girofle::testing {

LoopFilesystem::LoopFilesystem(std::string kind, const std::filesystem::path& image,
                               const std::filesystem::path& mountpoint, std::uint64_t size_bytes)
    : mountpoint_(mountpoint) {
    std::filesystem::create_directories(mountpoint);
    const int fd = ::open(image.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(size_bytes)) != 0) {
        if (fd >= 0) ::close(fd);
        failure_ = "cannot make the image " + image.string();
        return;
    }
    ::close(fd);
    auto made = kind == "xfs" ? run_command({"mkfs.xfs", "-q", "-m", "reflink=1", image.string()})
                              : run_command({"mkfs.btrfs", "-q", image.string()});
    if (made.status != 0) {
        failure_ = "mkfs." + kind + " failed: " + made.err;
        return;
    }
    auto mounted = run_command({"mount", "-o", "loop", image.string(), mountpoint.string()});
    if (mounted.status != 0) {
        failure_ = "cannot mount a loop " + kind + " filesystem: " + mounted.err;
        return;
    }
    mounted_ = true;
}

LoopFilesystem::~LoopFilesystem() {
    if (mounted_) run_command({"umount", "--lazy", mountpoint_.string()});
}

}  // namespace girofle::testing
