#include "adapters/system/cron_probe.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string>

namespace girofle {

Result<bool> cron_daemon_running(const std::filesystem::path& proc) {
    // Debian's cron, cronie's crond (EL), busybox crond, and cronie under its own name.
    static constexpr std::array<std::string_view, 3> kNames = {"cron", "crond", "cronie"};
    std::error_code error;
    std::filesystem::directory_iterator entries(proc, error);
    if (error) return fail(ErrorKind::failed, proc.string(), "cannot list processes: " + error.message());
    for (const auto& entry : entries) {
        const std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), [](unsigned char c) { return std::isdigit(c); }))
            continue;
        std::ifstream comm(entry.path() / "comm");
        std::string name;
        if (std::getline(comm, name) && std::find(kNames.begin(), kNames.end(), name) != kNames.end()) return true;
    }
    return false;
}

}  // namespace girofle
