#include "support/commands.hpp"

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

CommandResult run_girofle(const std::filesystem::path& root, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv = {GIROFLE_BINARY, "--root", root.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    // Schedules go beside the test's root, never into the machine's /etc/cron.d.
    auto with_cron = env;
    if (!with_cron.contains("GIROFLE_CRON_DIR")) {
        const auto cron = test_cron_directory(root);
        std::filesystem::create_directories(cron);
        with_cron["GIROFLE_CRON_DIR"] = cron.string();
    }
    return run_command(argv, with_cron);
}

std::filesystem::path test_cron_directory(const std::filesystem::path& root) {
    return root.parent_path() / "cron.d";
}

std::string describe(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) text += (text.empty() ? "" : " ") + arg;
    return text;
}

}  // namespace girofle::testing
