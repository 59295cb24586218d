// The example scenario that works on a commissioned instance: the stand-in GitLab on a
// 127.0.0.x address, found by name in the inventory, reached over smart HTTP with the
// instance's root password in the client's environment.
#include <gmock/gmock.h>

#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;

class GravityInstance : public GitlabTest {};

TEST_F(GravityInstance, ExampleScenarioRunsTwiceAgainstACommissionedInstanceWithTheSameRefIds) {
    auto record = commission({"--name", "gravity-demo", "--ip", "127.0.0.61"});
    ASSERT_FALSE(record.empty());
    const std::string password = initial_root_password(record["directory"].get<std::string>());
    const std::map<std::string, std::string> env{{"GIROFLE_GIT_USERNAME", "root"},
                                                 {"GIROFLE_GIT_PASSWORD", password}};
    const auto scenario = std::filesystem::path(GIROFLE_SOURCE_DIR) / "docs/scenarios/commissioned-instance.yaml";

    auto first = girofle({"gravity", "run", scenario.string(), "--workdir",
                          (scratch() / "first").string(), "--json"}, env);
    ASSERT_EQ(first.status, 0) << first.err << first.out;
    const auto refs = first.json()["refs"];
    EXPECT_EQ(refs["alice"]["refs/heads/main"], refs["bob"]["refs/heads/main"]);

    // What the server holds is what the developers pushed.
    auto mirror = git_with_password({"clone", "-q", "--mirror", "http://127.0.0.61/team/gravity.git",
                                     (scratch() / "mirror").string()}, password);
    ASSERT_EQ(mirror.status, 0) << mirror.err;
    EXPECT_THAT(refs_of(scratch() / "mirror"),
                HasSubstr(refs["alice"]["refs/heads/main"].get<std::string>()));

    // A second run needs a fresh project: the same steps on a new project give the same ids.
    std::string text = read_file(scenario);
    text.replace(text.find("team/gravity.git"), 16, "team/second.git");
    write_file(scratch() / "second.yaml", text);
    auto second = girofle({"gravity", "run", (scratch() / "second.yaml").string(), "--workdir",
                           (scratch() / "second").string(), "--json"}, env);
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.json()["refs"]["alice"], refs["alice"]);
    EXPECT_EQ(second.json()["refs"]["bob"], refs["bob"]);

    // An instance the inventory does not know is refused before anything is played.
    text.replace(text.find("instance: gravity-demo"), 22, "instance: no-such-one");
    write_file(scratch() / "unknown.yaml", text);
    auto unknown = girofle({"gravity", "run", (scratch() / "unknown.yaml").string(), "--workdir",
                            (scratch() / "unknown").string()}, env);
    EXPECT_NE(unknown.status, 0);
    EXPECT_THAT(unknown.err, HasSubstr("repository server"));
    EXPECT_FALSE(std::filesystem::exists(scratch() / "unknown"));
}

}  // namespace
}  // namespace girofle::testing
