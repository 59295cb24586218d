// Runs a cron.d file's line the way cron runs it, so a test sees what an unattended run does.
#pragma once

#include <filesystem>
#include <string>

#include "support/commands.hpp"

namespace girofle::testing {

struct CronRun {
    std::string time_fields;
    std::string user;
    CommandResult result;
};

// What cron does with a cron.d file: the variables it sets become the whole environment
// (plus HOME and LOGNAME), "\%" becomes "%", and the command runs under SHELL -c without a
// terminal. Runs the file's line for SUBCOMMAND (a file has a backup line and may have a
// drill line). Returns the time fields and the result of running the command.
CronRun run_like_cron(const std::filesystem::path& file, const std::string& subcommand = "backup");

}  // namespace girofle::testing
