#include "adapters/system/linux_cgroup_freezer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>
#include <thread>

#include "core/file_descriptor.hpp"
#include "core/file_io.hpp"

namespace girofle {
namespace {

// The file that tells the state: on cgroup v1 the control file itself.
std::filesystem::path state_file(const FreezerCgroup& cgroup) {
    return cgroup.directory / (cgroup.version == 1 ? "freezer.state" : "cgroup.events");
}

// With read(2) and write(2) on purpose: these files are read in a loop while GitLab is frozen.
// Read to the end: /proc/PID/cgroup has a line per hierarchy, over 1 KiB with cgroup v1's dozen
// and Docker's 64-digit container IDs, and its freezer line can come late.
Result<std::string> read_small_file(const std::filesystem::path& path) {
    FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) return fail(kind_of_errno(errno), path.string(), std::string("cannot read: ") + std::strerror(errno));
    std::string text;
    char buffer[4096];
    for (ssize_t got; (got = ::read(file.get(), buffer, sizeof buffer)) != 0;) {
        if (got < 0)
            return fail(kind_of_errno(errno), path.string(),
                        std::string("cannot read: ") + std::strerror(errno));
        text.append(buffer, static_cast<std::size_t>(got));
    }
    return text;
}

Result<void> write_word(const std::filesystem::path& path, const std::string& word) {
    FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (file.get() < 0 || ::write(file.get(), word.data(), word.size()) != static_cast<ssize_t>(word.size()))
        return fail(kind_of_errno(errno), path.string(), "cannot write " + word + ": " + std::strerror(errno));
    return {};
}

// cgroup v1: "THAWED", "FREEZING" or "FROZEN"; cgroup v2: cgroup.events' "frozen 0|1" line.
bool says_frozen(const FreezerCgroup& cgroup, const std::string& state) {
    if (cgroup.version == 1) return state.starts_with("FROZEN");
    return state.find("frozen 1") != std::string::npos;
}


std::unexpected<Error> unavailable(int pid, const std::string& cause) {
    return fail(ErrorKind::unavailable, "cgroup freezer of PID " + std::to_string(pid), cause);
}

}  // namespace

Result<FreezerCgroup> LinuxCgroupFreezer::locate(int pid) {
    if (pid <= 0) return unavailable(pid, "the container does not run");
    const auto membership_file = proc_ / std::to_string(pid) / "cgroup";
    auto membership = read_small_file(membership_file);
    if (!membership) return unavailable(pid, membership.error().message());
    // One "HIERARCHY-ID:CONTROLLERS:PATH" line per hierarchy (proc(5)); cgroup v2's is "0::PATH".
    std::optional<FreezerCgroup> found;
    std::istringstream lines(*membership);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = "," + line.substr(first + 1, second - first - 1) + ",";
        const std::string path = line.substr(second + 1);
        if (path.find("/..") != std::string::npos)
            return unavailable(pid, "its cgroup " + path + " is outside this process's cgroup namespace");
        const auto relative = std::filesystem::path(path).relative_path();
        if (controllers.find(",freezer,") != std::string::npos) {
            // cgroup v1 (or hybrid): the freezer has a hierarchy of its own, and Docker uses it.
            found = FreezerCgroup{cgroup_root_ / "freezer" / relative, 1};
            break;
        }
        if (line.starts_with("0::")) {
            // Pure cgroup v2 has its tree at the top; a hybrid host mounts it at unified/.
            const bool unified_on_top = exists_quietly(cgroup_root_ / "cgroup.controllers");
            found = FreezerCgroup{(unified_on_top ? cgroup_root_ : cgroup_root_ / "unified") / relative, 2};
        }
    }
    if (!found) return unavailable(pid, membership_file.string() + " names no freezer hierarchy");
    const auto control = found->control_file();
    if (::access(control.c_str(), W_OK) != 0)
        return unavailable(pid, "cannot write " + control.string() + ": " + std::strerror(errno));
    return *found;
}

Result<void> LinuxCgroupFreezer::freeze(const FreezerCgroup& cgroup, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        // Written again on each round: on cgroup v1 a cgroup left FREEZING (a task that could
        // not be frozen yet) tries again when FROZEN is written again.
        if (auto written = write_word(cgroup.control_file(), cgroup.freeze_word()); !written) return written;
        auto state = read_small_file(state_file(cgroup));
        if (!state) {
            (void)thaw(cgroup);
            return std::unexpected(state.error());
        }
        if (says_frozen(cgroup, *state)) return {};
        if (std::chrono::steady_clock::now() >= deadline) {
            (void)thaw(cgroup);
            return fail(ErrorKind::timeout, cgroup.directory.string(),
                        "its processes were not all frozen after " + std::to_string(timeout.count()) +
                            " ms (thawed again)");
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
}

Result<void> LinuxCgroupFreezer::thaw(const FreezerCgroup& cgroup) {
    return write_word(cgroup.control_file(), cgroup.thaw_word());
}

Result<bool> LinuxCgroupFreezer::frozen(const FreezerCgroup& cgroup) {
    // cgroup v1 says FREEZING on the way; cgroup v2's cgroup.freeze says what was asked.
    auto state = read_small_file(cgroup.control_file());
    if (!state) return std::unexpected(state.error());
    return cgroup.version == 1 ? !state->starts_with("THAWED") : state->starts_with("1");
}

}  // namespace girofle
