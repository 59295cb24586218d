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
// The configuration directory (the launcher's /etc/girofle) for ROOT: password files and keys
// a test names in girofle.json go there, so that the launcher mounts them.
std::filesystem::path test_config_directory(const std::filesystem::path& root);

// Whether run_girofle goes through the launcher: GIROFLE_TEST_LAUNCHER=1 in the environment,
// or a test executable built with GIROFLE_TESTS_THROUGH_LAUNCHER (tests of the launcher).
bool girofle_through_launcher();

// The girofle binary under test with --root ROOT before the arguments, and
// GIROFLE_CRON_DIR set to test_cron_directory(ROOT) unless `env` names another. Through the
// launcher (girofle_through_launcher()): launcher/girofle of this checkout runs the same
// command in the toolbox image of this build (toolbox-image/build --binary), with
// GIROFLE_CONFIG_DIR set to test_config_directory(ROOT) and the host's launcher defaults
// (/etc/girofle/environment) left out, unless `env` says otherwise; variables in `env` reach
// the launcher, and only those it passes on (TZ, proxies) reach girofle.
CommandResult run_girofle(const std::filesystem::path& root, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// argv joined for failure messages.
std::string describe(const std::vector<std::string>& argv);

}  // namespace girofle::testing
