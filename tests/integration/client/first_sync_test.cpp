// The first sync of a new project: a branch with no upstream yet, whose remote is empty or
// lacks the branch, is pushed and given its upstream, as `git push -u` would, on each kind of
// real server; what the folder held is then exactly what the remote holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kBinary = std::string("\x00\x01\xff\r\nbytes", 10);
const FileContents kNewProject = {{"README.md", "# New project\n"},
                                  {"src/main.c", "int main(void) { return 0; }\n"},
                                  {"src/blob.bin", kBinary},
                                  {"link", "-> src/main.c"},
                                  {".gitignore", "*.log\n"}};

class FirstSync : public ClientTest, public ::testing::WithParamInterface<ServerKind> {
protected:
    void SetUp() override {
        make_empty_remote(GetParam());
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
        // A project started on this machine: `git init`, a remote added, nothing pushed yet.
        git.run(temp.path(), {"init", "-q", "-b", "main", work.string()});
        git.run(work, {"remote", "add", "origin", server->url("project.git")});
        write_files(work, kNewProject);
        write_files(work, {{"trace.log", "stays here\n"}});
    }

    std::string upstream_of_main() const {
        return git.run(work, {"rev-parse", "--abbrev-ref", "main@{upstream}"});
    }
};

TEST_P(FirstSync, EmptyRemoteGetsTheBranchAndBecomesItsUpstream) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("Saved 5 changes on main (5 added, 0 modified, 0 deleted)"));
    EXPECT_THAT(result.out, HasSubstr("Pushed 1 commit from main to origin/main"));
    EXPECT_THAT(result.out, HasSubstr("origin/main is now the upstream of main"));

    EXPECT_EQ(git.files_at(bare, "main"), kNewProject);  // every byte, the link as a link
    EXPECT_EQ(git.rev_parse(bare, "main"), git.rev_parse(work, "HEAD"));
    EXPECT_EQ(upstream_of_main(), "origin/main\n");
    EXPECT_EQ(work_tree_files(work), with(kNewProject, {{"trace.log", "stays here\n"}}));

    // From now on it is an ordinary sync.
    write_files(work, {{"README.md", "# New project\n\nSecond.\n"}});
    auto second = girofle({"--json", "sync", work.string()});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const auto summary = nlohmann::json::parse(second.out);
    EXPECT_EQ(summary["outcome"], "pushed");
    EXPECT_EQ(summary["upstream_set"], false);
    EXPECT_EQ(git.files_at(bare, "main"),
              with(kNewProject, {{"README.md", "# New project\n\nSecond.\n"}}));
}

TEST_P(FirstSync, RemoteWithOnlyOtherBranchesGetsThisOneToo) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const std::filesystem::path other = temp / "other";
    git.run(temp.path(), {"init", "-q", "-b", "other", other.string()});
    write_files(other, {{"other.txt", "another branch\n"}});
    git.run(other, {"add", "-A"});
    git.run(other, {"commit", "-q", "-m", "other"});
    git.run(other, {"push", "-q", bare.string(), "other"});
    const std::string other_tip = git.rev_parse(bare, "other");

    auto result = girofle({"--json", "sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto summary = nlohmann::json::parse(result.out);
    EXPECT_EQ(summary["outcome"], "pushed");
    EXPECT_EQ(summary["upstream"], "origin/main");
    EXPECT_EQ(summary["upstream_set"], true);
    EXPECT_EQ(git.files_at(bare, "main"), kNewProject);
    EXPECT_EQ(git.rev_parse(bare, "other"), other_tip);  // the other branch is untouched
    EXPECT_EQ(upstream_of_main(), "origin/main\n");
}

TEST_P(FirstSync, EmptyFolderAndEmptyRemoteIsNothingToDo) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    remove_files(work, {"README.md", "src", "link", ".gitignore", "trace.log"});
    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("Nothing to save"));
    EXPECT_EQ(git.refs(bare), "");
}

INSTANTIATE_TEST_SUITE_P(Servers, FirstSync,
                         ::testing::Values(ServerKind::http, ServerKind::daemon, ServerKind::ssh),
                         server_name);

// A branch whose upstream was never set, while the remote already has the branch: sync adopts
// it (as `git push -u` would), then acts as usual, here pushing the local commit.
TEST_F(ClientTest, BranchWithoutUpstreamAdoptsTheRemotesBranchOfTheSameName) {
    make_project(ServerKind::daemon, {{"README.md", "# Project\n"}});
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"branch", "--unset-upstream"});
    write_files(work, {{"notes.txt", "mine\n"}});

    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("Pushed 1 commit from main to origin/main"));
    EXPECT_EQ(git.files_at(bare, "main"),
              (FileContents{{"README.md", "# Project\n"}, {"notes.txt", "mine\n"}}));
    EXPECT_EQ(git.run(work, {"rev-parse", "--abbrev-ref", "main@{upstream}"}), "origin/main\n");
}

}  // namespace
}  // namespace girofle::testing
