// restore --from-remote between the restore hooks: a failing pre_restore hook leaves the new
// VM's root as it was; otherwise pre and post hooks see the documented variables, the post
// hook the instance as restored (under --as, its new number, which the pre hook cannot know).
#include <gmock/gmock.h>

#include <map>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kAddress = "127.0.15.1";
constexpr const char* kCopyAddress = "127.0.15.2";

class RemoteRestoreHooksTest : public RemoteTest {
  protected:
    // Root B's girofle.json: no repository of its own, these restore hooks.
    void configure_b(const nlohmann::json& hooks) const {
        configure(root_b(), "", password_file());
        auto config = nlohmann::json::parse(read_file(root_b() / "girofle.json"));
        config["hooks"] = hooks;
        write_file(root_b() / "girofle.json", config.dump(2));
    }
    // A hook writing the documented variables it sees into `file` (the test's own GIROFLE_
    // settings, inherited, left out).
    static nlohmann::json environment_into(const std::filesystem::path& file) {
        return nlohmann::json::array({{"sh", "-c",
                                       "env | grep -E "
                                       "'^GIROFLE_(EVENT|ROOT|INSTANCE_NUMBER|INSTANCE_NAME|"
                                       "CONTAINER|INSTANCE_DIRECTORY|SNAPSHOT|"
                                       "OUTCOME)=' > \"$0\"",
                                       file.string()}});
    }
    static std::map<std::string, std::string> variables_in(const std::filesystem::path& file) {
        std::map<std::string, std::string> variables;
        std::istringstream lines(read_file(file));
        for (std::string line; std::getline(lines, line);)
            if (auto equals = line.find('='); equals != std::string::npos)
                variables[line.substr(0, equals)] = line.substr(equals + 1);
        return variables;
    }
};

TEST_F(RemoteRestoreHooksTest, PreAndPostRestoreHooksRunAroundARestoreFromARemote) {
    GIROFLE_REQUIRE_DOCKER();
    configure(root(), local_repository().string(), password_file());
    commission({"--name", "wiki", "--ip", kAddress});
    auto pushed = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    const std::string id = pushed.json()["manifest"]["id"];
    destroy_root(root());

    // 1. A failing pre hook: refused, and root B is as it was.
    configure_b({{"pre_restore", {{"false"}}},
                 {"post_restore", environment_into(scratch() / "post-refused.env")}});
    const auto before = root_listing(root_b());
    auto refused = girofle_b({"restore", "--from-remote", local_repository().string()});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.err, HasSubstr("girofle: error: instance 1 (noeud-gitlab-1-wiki): "
                                       "pre_restore hook 'false': exit status 1"));
    EXPECT_EQ(root_listing(root_b()), before);
    EXPECT_EQ(run_command(
                  {"docker", "ps", "-aq", "--filter", "label=io.girofle.root=" + root_b().string()})
                  .out,
              "");
    EXPECT_FALSE(std::filesystem::exists(scratch() / "post-refused.env"))
        << "no post hook after a refused pre hook";
    auto listed = girofle_b({"--json", "list", "--all"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_TRUE(listed.json()["instances"].empty()) << listed.out;

    // 2. Hooks that succeed see the instance, the snapshot and, after, the outcome.
    configure_b({{"pre_restore", environment_into(scratch() / "pre.env")},
                 {"post_restore", environment_into(scratch() / "post.env")}});
    auto restored = girofle_b({"--json", "restore", "--from-remote", local_repository().string()});
    ASSERT_EQ(restored.status, 0) << restored.err;
    const std::map<std::string, std::string> expected = {
        {"GIROFLE_ROOT", root_b().string()},
        {"GIROFLE_INSTANCE_NUMBER", "1"},
        {"GIROFLE_INSTANCE_NAME", "wiki"},
        {"GIROFLE_CONTAINER", "noeud-gitlab-1-wiki"},
        {"GIROFLE_INSTANCE_DIRECTORY", (root_b() / "noeud-gitlab-1").string()},
        {"GIROFLE_SNAPSHOT", id}};
    auto pre = expected, post = expected;
    pre["GIROFLE_EVENT"] = "pre_restore";
    post["GIROFLE_EVENT"] = "post_restore";
    post["GIROFLE_OUTCOME"] = "ok";
    EXPECT_EQ(variables_in(scratch() / "pre.env"), pre);
    EXPECT_EQ(variables_in(scratch() / "post.env"), post);

    // 3. Under --as the number comes with the commission: the pre hook has none, the post hook
    //    the new instance's.
    auto copy = girofle_b({"--json", "restore", "--from-remote", local_repository().string(),
                           "--as", "copy", "--ip", kCopyAddress});
    ASSERT_EQ(copy.status, 0) << copy.err;
    const auto number = std::to_string(copy.json()["number"].get<int>());
    const auto pre_copy = variables_in(scratch() / "pre.env");
    EXPECT_EQ(pre_copy.at("GIROFLE_INSTANCE_NUMBER"), "");
    EXPECT_EQ(pre_copy.at("GIROFLE_CONTAINER"), "");
    EXPECT_EQ(pre_copy.at("GIROFLE_INSTANCE_NAME"), "copy");
    const auto post_copy = variables_in(scratch() / "post.env");
    EXPECT_EQ(post_copy.at("GIROFLE_INSTANCE_NUMBER"), number);
    EXPECT_EQ(post_copy.at("GIROFLE_CONTAINER"), "noeud-gitlab-" + number + "-copy");
    EXPECT_EQ(post_copy.at("GIROFLE_INSTANCE_DIRECTORY"),
              (root_b() / ("noeud-gitlab-" + number)).string());
    EXPECT_EQ(post_copy.at("GIROFLE_SNAPSHOT"), id);
}

}  // namespace
}  // namespace girofle::testing
