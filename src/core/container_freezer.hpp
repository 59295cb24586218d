// The kernel's cgroup freezer for one container, which `freeze` backups use in place of
// Docker's pause. Docker's pause is this same freezer (runc writes FROZEN to the container's
// freezer.state on cgroup v1, 1 to its cgroup.freeze on cgroup v2: the kernel's
// Documentation/admin-guide/cgroup-v1/freezer-subsystem.rst and cgroup-v2.rst, "Core Interface
// Files"). Going to the cgroup directly leaves out the two Engine API calls around it, which
// took 78-393 ms together in bench/backup/scale while the btrfs snapshot between them took
// 4-21 ms. Docker does not know about such a freeze (`docker inspect` says running), so the
// recovery after a killed backup asks the freezer as well (interrupted_operation.hpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace girofle {

struct FreezerCgroup {
    std::filesystem::path directory;  // the container's cgroup directory in the freezer's hierarchy
    int version = 2;                  // 1: freezer.state; 2: cgroup.freeze and cgroup.events

    // "the cgroup v1 freezer at DIRECTORY", for doctor and the log.
    std::string describe() const;
    // The file written to freeze and thaw (freezer.state, cgroup.freeze), and the words
    // written to it: FROZEN and THAWED on cgroup v1, 1 and 0 on cgroup v2.
    std::filesystem::path control_file() const;
    std::string freeze_word() const;
    std::string thaw_word() const;
};

class ContainerFreezer {
public:
    virtual ~ContainerFreezer() = default;

    // The freezer of the container whose first process is `pid`: the host's PID, Docker's
    // State.Pid (0 when the container does not run). Errors: unavailable, the cause saying
    // why (the process is not visible here, its cgroup is outside this process's cgroup
    // namespace, the cgroup tree is not mounted or not writable here).
    virtual Result<FreezerCgroup> locate(int pid) = 0;
    // Freezes every process in the cgroup, and returns once the kernel says they all are.
    // Errors: timeout when they are not all frozen after `timeout` (the cgroup is thawed
    // again first), permission, failed.
    virtual Result<void> freeze(const FreezerCgroup& cgroup, std::chrono::milliseconds timeout) = 0;
    // Errors: permission, failed.
    virtual Result<void> thaw(const FreezerCgroup& cgroup) = 0;
    // True when the cgroup is frozen or on its way to it (cgroup v1's FREEZING).
    virtual Result<bool> frozen(const FreezerCgroup& cgroup) = 0;
};

// For the core's tests and hosts without it: locate always fails, so freeze uses Docker's pause.
ContainerFreezer& no_container_freezer();

}  // namespace girofle
