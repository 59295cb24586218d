// Running real programs from tests: the girofle binary under test, and independent observers
// (docker, git, curl) that check what it did.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/process.hpp"

namespace girofle::testing {

struct CommandResult {
    int status = -1;
    std::string out;
    std::string err;

    nlohmann::json json() const { return nlohmann::json::parse(out); }
};

// Runs argv; a program that cannot start is a result with status -1 and the reason in err.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::filesystem::path& directory = {}, int timeout_seconds = 600);

// Where run_girofle has Girofle write schedule files for ROOT.
std::filesystem::path test_cron_directory(const std::filesystem::path& root);

// The girofle binary under test with --root ROOT before the arguments, and
// GIROFLE_CRON_DIR set to test_cron_directory(ROOT) unless `env` names another.
CommandResult run_girofle(const std::filesystem::path& root, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// argv joined for failure messages.
std::string describe(const std::vector<std::string>& argv);

}  // namespace girofle::testing
