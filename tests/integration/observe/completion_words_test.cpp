// Completion offers what the root holds: instance numbers, names and containers, and the
// backup ids of the instance named on the line, through the generated script in a real bash.
#include <gmock/gmock.h>

#include "integration/gitlab_fixture.hpp"
#include "support/bash_completion.hpp"

namespace girofle::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

class CompletionWordsTest : public GitlabTest {};

TEST_F(CompletionWordsTest, InstanceNamesNumbersAndBackupIdsComeFromTheRoot) {
    GIROFLE_REQUIRE_DOCKER();
    commission({"--name", "comp", "--ip", "127.0.14.5", "--schedule", "none"});
    const std::string id = backup("1")["id"];
    const auto script = scratch() / "girofle.bash";
    ASSERT_EQ(run_command({GIROFLE_BINARY, "__generate", "bash-completion", "--output", script.string()}).status, 0);

    EXPECT_THAT(bash_complete(script, root(), {"backup"}, ""), IsSupersetOf({"1", "comp", "noeud-gitlab-1-comp", "--all"}));
    EXPECT_THAT(bash_complete(script, root(), {"status"}, "co"), ElementsAre("comp"));
    EXPECT_THAT(bash_complete(script, root(), {"verify", "comp", "--backup"}, ""), ElementsAre(id));
    EXPECT_THAT(bash_complete(script, root(), {"restore", "1", "--backup"}, id.substr(0, 4)), ElementsAre(id));
    EXPECT_THAT(bash_complete(script, root(), {"log"}, "c"), ElementsAre("comp"));
    EXPECT_TRUE(bash_complete(script, scratch() / "no-root", {"backup"}, "c").empty())
        << "a root without an inventory offers no instance and creates nothing";
    EXPECT_FALSE(std::filesystem::exists(scratch() / "no-root"));
}

}  // namespace
}  // namespace girofle::testing
