#include "support/bash_completion.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "support/commands.hpp"

namespace girofle::testing {

std::vector<std::string> bash_complete(const std::filesystem::path& script, const std::filesystem::path& root,
                                       const std::vector<std::string>& words, const std::string& current) {
    // Words travel as arguments, never inside the shell text.
    std::vector<std::string> argv = {
        "bash", "-c",
        "script=$1; shift; source \"$script\" || exit 1; COMP_WORDS=(girofle \"$@\"); "
        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _girofle; printf '%s\\n' \"${COMPREPLY[@]}\"",
        "bash", script.string(), "--root", root.string()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back(current);
    const std::string binary_directory = std::filesystem::path(GIROFLE_BINARY).parent_path().string();
    const char* path = std::getenv("PATH");
    auto ran = run_command(argv, {{"PATH", binary_directory + ":" + (path ? path : "/usr/bin:/bin")}});
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.err, "");
    std::vector<std::string> offered;
    std::istringstream lines(ran.out);
    for (std::string word; std::getline(lines, word);)
        if (!word.empty()) offered.push_back(word);
    return offered;
}

}  // namespace girofle::testing
