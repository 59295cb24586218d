#include "integration/cron_run.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/temp_dir.hpp"

namespace girofle::testing {

CronRun run_like_cron(const std::filesystem::path& file, const std::string& subcommand) {
    std::istringstream lines(read_file(file));
    std::vector<std::string> env = {"env", "-i", "HOME=/root", "LOGNAME=root"};
    std::string shell = "/bin/sh", entry;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() == '#') continue;
        if (std::regex_match(line, std::regex("[A-Z_]+=.*"))) {
            env.push_back(line);
            if (line.starts_with("SHELL=")) shell = line.substr(6);
            continue;
        }
        if (line.find(" " + subcommand + " ") == std::string::npos) continue;
        EXPECT_TRUE(entry.empty()) << "one " << subcommand << " line per file";
        entry = line;
    }
    std::smatch parts;
    EXPECT_TRUE(std::regex_match(entry, parts, std::regex(R"((\S+ \S+ \S+ \S+ \S+) (\S+) (.*))"))) << entry;
    const std::string command = std::regex_replace(std::string(parts[3]), std::regex(R"(\\%)"), "%");
    // --wait: a process-group leader (as run_command makes it) would see setsid fork and exit 0
    // at once, losing the command's exit status.
    std::vector<std::string> argv = {"setsid", "--wait"};
    argv.insert(argv.end(), env.begin(), env.end());
    argv.insert(argv.end(), {shell, "-c", command});
    return {parts[1], parts[2], run_command(argv, {}, {}, 600)};
}

}  // namespace girofle::testing
