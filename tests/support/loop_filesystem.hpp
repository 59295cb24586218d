// A real btrfs or XFS filesystem for a test (DESIGN.md §13): a sparse image file made with
// mkfs.btrfs or `mkfs.xfs -m reflink=1`, loop-mounted on a directory, unmounted at the end.
// Needs root (mount) and loop devices, which the test machines have.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace girofle::testing {

class LoopFilesystem {
public:
    // kind: "btrfs" or "xfs"; `mountpoint` is created if missing. Check failure() after.
    LoopFilesystem(std::string kind, const std::filesystem::path& image, const std::filesystem::path& mountpoint,
                   std::uint64_t size_bytes = 2ULL << 30);
    // Unmounts lazily: a container that still holds a bind mount into it does not keep the
    // test from ending, and the loop device goes with the last user (mount's autoclear).
    ~LoopFilesystem();
    LoopFilesystem(const LoopFilesystem&) = delete;
    LoopFilesystem& operator=(const LoopFilesystem&) = delete;

    // Why the filesystem could not be made or mounted; nullopt when it is mounted.
    const std::optional<std::string>& failure() const { return failure_; }

private:
    std::filesystem::path mountpoint_;
    std::optional<std::string> failure_;
    bool mounted_ = false;
};

}  // namespace girofle::testing
