// doctor: what stands between this host and instances that run and are backed up, each
// problem with the command that fixes it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/services.hpp"

namespace girofle {

enum class Verdict { ok, warning, problem };
const char* to_string(Verdict verdict);

struct Finding {
    std::string check;   // "docker", "root", "space", "addresses", "port 22", "cron", "doctor run", "running",
                         // "snapshot method",
                         // "schedule", "backup", "other roots"
    Verdict verdict = Verdict::ok;
    std::string detail;
    std::string fix;     // a command, when there is one
    std::optional<std::uint64_t> instance;  // the instance number, for the checks of one instance
};

struct DoctorProbes {
    // Whether a cron daemon runs on the host; an error when that cannot be seen.
    std::function<Result<bool>()> cron_running;
};

std::vector<Finding> run_doctor(Services& services, const DoctorProbes& probes);

// doctor --fix: puts back every instance an interrupted operation left stopped, paused,
// without its container or with its volumes set aside (see interrupted_operation.hpp), each
// under its operation lock. Returns the failures, one message each.
std::vector<std::string> repair_interrupted_operations(Services& services);

}  // namespace girofle
