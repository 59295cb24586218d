#include "support/commands.hpp"

#include <cstdlib>

#include "adapters/process/posix_process_runner.hpp"

namespace girofle::testing {

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env,
                          const std::filesystem::path& directory, int timeout_seconds) {
    PosixProcessRunner runner;
    auto result = runner.run({.argv = argv,
                              .env = env,
                              .working_directory = directory.string(),
                              .timeout = std::chrono::seconds(timeout_seconds)});
    if (!result) return {-1, "", result.error().message()};
    return {result->timed_out ? -2 : result->exit_code, result->out, result->err};
}

bool girofle_through_launcher() {
#ifdef GIROFLE_TESTS_THROUGH_LAUNCHER
    return true;
#else
    const char* chosen = std::getenv("GIROFLE_TEST_LAUNCHER");
    return chosen != nullptr && std::string(chosen) == "1";
#endif
}

CommandResult run_girofle(const std::filesystem::path& root, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
    auto with_defaults = env;
    std::vector<std::string> argv = {GIROFLE_BINARY};
    if (girofle_through_launcher()) {
#ifdef GIROFLE_SOURCE_DIR
        argv = {std::string(GIROFLE_SOURCE_DIR) + "/launcher/girofle"};
#else
        return {-1, "", "run_girofle: the launcher needs GIROFLE_SOURCE_DIR in this test executable"};
#endif
        with_defaults.try_emplace("GIROFLE_ENVIRONMENT_FILE", "/nonexistent");
        with_defaults.try_emplace("GIROFLE_CONFIG_DIR", test_config_directory(root).string());
    }
    argv.insert(argv.end(), {"--root", root.string()});
    argv.insert(argv.end(), args.begin(), args.end());
    // Schedules go beside the test's root, never into the machine's /etc/cron.d.
    if (!with_defaults.contains("GIROFLE_CRON_DIR")) {
        const auto cron = test_cron_directory(root);
        std::filesystem::create_directories(cron);
        with_defaults["GIROFLE_CRON_DIR"] = cron.string();
    }
    return run_command(argv, with_defaults);
}

std::filesystem::path test_cron_directory(const std::filesystem::path& root) {
    return root.parent_path() / "cron.d";
}

std::filesystem::path test_config_directory(const std::filesystem::path& root) {
    return root.parent_path() / "etc-girofle";
}

std::string describe(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) text += (text.empty() ? "" : " ") + arg;
    return text;
}

}  // namespace girofle::testing
