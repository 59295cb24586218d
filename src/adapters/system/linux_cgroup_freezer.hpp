// ContainerFreezer on Linux: finds a container's cgroup from /proc/PID/cgroup (proc(5)) and
// freezes it through the freezer's files, as runc's pause does: cgroup v1's freezer.state
// (write FROZEN, read until it says FROZEN), or cgroup v2's cgroup.freeze (write 1, read
// cgroup.events until it says "frozen 1").
#pragma once

#include <filesystem>

#include "core/container_freezer.hpp"

namespace girofle {

class LinuxCgroupFreezer final : public ContainerFreezer {
public:
    // `proc`: where the PIDs of the containers' processes are visible (the host's /proc: the
    // toolbox runs with --pid host); `cgroup_root`: where the host's cgroup tree is mounted
    // writable (/sys/fs/cgroup natively; the launcher mounts it into the toolbox and names it
    // in GIROFLE_CGROUP_ROOT, and runs the toolbox in the host's cgroup namespace, so that
    // /proc/PID/cgroup gives paths from the tree's top).
    LinuxCgroupFreezer(std::filesystem::path proc, std::filesystem::path cgroup_root)
        : proc_(std::move(proc)), cgroup_root_(std::move(cgroup_root)) {}

    Result<FreezerCgroup> locate(int pid) override;
    Result<void> freeze(const FreezerCgroup& cgroup, std::chrono::milliseconds timeout) override;
    Result<void> thaw(const FreezerCgroup& cgroup) override;
    Result<bool> frozen(const FreezerCgroup& cgroup) override;

private:
    std::filesystem::path proc_;
    std::filesystem::path cgroup_root_;
};

}  // namespace girofle
