// Whether a cron daemon runs, read from /proc. The launcher gives the toolbox the host's
// process namespace (--pid host), so the toolbox sees the host's cron too.
#pragma once

#include <filesystem>

#include "core/error.hpp"

namespace girofle {

Result<bool> cron_daemon_running(const std::filesystem::path& proc = "/proc");

}  // namespace girofle
