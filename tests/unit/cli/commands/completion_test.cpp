// The bash completion script and the man page the build generates from the command table: a
// real bash completes subcommands, options and choices with them; groff reads the page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/bash_completion.hpp"
#include "support/commands.hpp"
#include "support/required_programs.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

class CompletionTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto script = testing::run_command({GIROFLE_BINARY, "__generate", "bash-completion",
                                            "--output", (dir / "girofle.bash").string()});
        ASSERT_EQ(script.status, 0) << script.err;
    }
    std::vector<std::string> complete(const std::vector<std::string>& words, const std::string& current) const {
        return testing::bash_complete(dir / "girofle.bash", dir / "root", words, current);
    }
    testing::TempDir dir;
};

TEST_F(CompletionTest, BashRegistersTheFunctionAndOffersSubcommandsOptionsAndChoices) {
    GIROFLE_REQUIRE_PROGRAMS("bash");
    auto registered = testing::run_command({"bash", "-c", "source \"$1\" && complete -p girofle", "bash",
                                            (dir / "girofle.bash").string()});
    EXPECT_EQ(registered.out, "complete -F _girofle girofle\n");
    EXPECT_THAT(complete({}, ""), IsSupersetOf({"backup", "restore", "log", "schedule", "remote", "--json"}));
    EXPECT_THAT(complete({}, ""), Not(Contains("__generate")));
    EXPECT_THAT(complete({}, "ba"), ::testing::ElementsAre("backup", "backups"));
    EXPECT_THAT(complete({"backup"}, "--"), IsSupersetOf({"--all", "--strategy", "--remote"}));
    EXPECT_THAT(complete({"backup", "--strategy"}, ""), ::testing::ElementsAre("freeze", "stop", "app"));
    EXPECT_THAT(complete({"remote"}, ""), IsSupersetOf({"list", "prune", "check"}));
    EXPECT_THAT(complete({"log"}, "--"), IsSupersetOf({"--since", "--failed", "--json"}));
    EXPECT_TRUE(complete({"log", "--since"}, "").empty()) << "a duration is the user's to type";
}

TEST_F(CompletionTest, TheManPageHasEveryCommandAndGroffReadsItWithoutWarnings) {
    GIROFLE_REQUIRE_PROGRAMS("groff");
    auto page = testing::run_command({GIROFLE_BINARY, "__generate", "man"});
    ASSERT_EQ(page.status, 0) << page.err;
    for (const char* section : {".SS backup\n", ".SS log\n", ".SS remote list\n", ".SS schedule set\n", ".SH EXIT STATUS"})
        EXPECT_NE(page.out.find(section), std::string::npos) << section;
    EXPECT_EQ(page.out.find(".SS __"), std::string::npos) << "hidden commands stay hidden";
    testing::write_file(dir / "girofle.1", page.out);
    auto rendered = testing::run_command({"groff", "-man", "-Tutf8", "-ww", "-z", (dir / "girofle.1").string()});
    EXPECT_EQ(rendered.status, 0);
    EXPECT_EQ(rendered.err, "");
}

}  // namespace
}  // namespace girofle
