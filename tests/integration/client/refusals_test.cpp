// Folders and servers `girofle sync` must refuse: each refusal says why, and leaves the
// working folder, its checked-out commit and the remote exactly as they were.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client_fixture.hpp"
#include "support/git_ssh_server.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const FileContents kInitial = {{"README.md", "# Project\n"}, {"notes.txt", "first\n"}};

class Refusals : public ClientTest {
protected:
    // A folder with a saved local commit and an unsaved change, so that any slip would show.
    void make_busy_project(ServerKind kind) {
        make_project(kind, kInitial);
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
        write_files(work, {{"notes.txt", "committed here\n"}});
        git.run(work, {"commit", "-q", "-am", "local work"});
        write_files(work, {{"README.md", "# Unsaved edit\n"}});
    }

    void expect_refusal(const std::string& reason, int exit_status = 2) {
        const ProjectState before = state();
        auto result = girofle({"sync", work.string()});
        EXPECT_EQ(result.exit_code, exit_status) << result.err;
        EXPECT_THAT(result.err, HasSubstr("girofle: error: "));
        EXPECT_THAT(result.err, HasSubstr(reason));
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(state(), before);
    }
};

TEST_F(Refusals, InTheMiddleOfAMerge) {
    make_project(ServerKind::daemon, kInitial);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    colleague_pushes({{"notes.txt", "theirs\n"}}, {});
    write_files(work, {{"notes.txt", "mine\n"}});
    git.run(work, {"commit", "-q", "-am", "mine"});
    git.run(work, {"fetch", "-q"});
    ASSERT_NE(git.status_of(work, {"merge", "-q", "origin/main"}), 0);  // a conflict stops it

    expect_refusal(work.string() + ": a merge is in progress: finish it (git commit) or abort it "
                                   "(git merge --abort), then run again");
    EXPECT_TRUE(std::filesystem::exists(work / ".git" / "MERGE_HEAD"));
}

TEST_F(Refusals, InTheMiddleOfARebase) {
    make_project(ServerKind::daemon, kInitial);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    colleague_pushes({{"notes.txt", "theirs\n"}}, {});
    write_files(work, {{"notes.txt", "mine\n"}});
    git.run(work, {"commit", "-q", "-am", "mine"});
    git.run(work, {"fetch", "-q"});
    ASSERT_NE(git.status_of(work, {"rebase", "-q", "origin/main"}), 0);

    expect_refusal("a rebase is in progress");
}

TEST_F(Refusals, OnADetachedHead) {
    make_busy_project(ServerKind::daemon);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"checkout", "-q", "--detach"});
    expect_refusal("HEAD is detached (not on a branch)");
}

TEST_F(Refusals, WithoutAnyRemote) {
    make_busy_project(ServerKind::daemon);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"remote", "remove", "origin"});
    expect_refusal("branch 'main' has no upstream and the folder no remote to sync with: add "
                   "one (git remote add origin URL), then run again");
}

TEST_F(Refusals, WithoutAnUpstreamAmongSeveralRemotesNoneNamedOrigin) {
    make_busy_project(ServerKind::daemon);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"remote", "rename", "origin", "first"});
    git.run(work, {"remote", "add", "second", bare.string()});
    git.run(work, {"branch", "--unset-upstream"});
    expect_refusal("branch 'main' has no upstream and several remotes (first, second): choose "
                   "one (git push -u REMOTE main), then run again");
}

TEST_F(Refusals, WithAStaleIndexLock) {
    make_busy_project(ServerKind::daemon);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    write_file(work / ".git" / "index.lock", "");
    expect_refusal("the index is locked by " + (work / ".git" / "index.lock").string());
    EXPECT_TRUE(std::filesystem::exists(work / ".git" / "index.lock"));  // reported, not removed
}

TEST_F(Refusals, BadPasswordOverHttpIsRefusedWithoutShowingIt) {
    make_project(ServerKind::http, kInitial);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    write_files(work, {{"notes.txt", "committed here\n"}});
    git.run(work, {"commit", "-q", "-am", "local work"});
    const ProjectState before = state();

    auto result = girofle({"sync", work.string()}, {{"GIROFLE_GIT_PASSWORD", "wrong-Pa55word"}});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err,
                HasSubstr("authentication failed: the server refused the credentials from "
                          "GIROFLE_GIT_USERNAME and GIROFLE_GIT_PASSWORD"));
    EXPECT_THAT(result.err + result.out, Not(HasSubstr("wrong-Pa55word")));
    EXPECT_EQ(state(), before);
}

TEST_F(Refusals, NoCredentialsOverHttpSaysWhereToPutThem) {
    make_project(ServerKind::http, kInitial);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    use_server_credentials = false;
    auto result = girofle({"sync", work.string()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("the server asks for credentials and none were found"));
}

TEST_F(Refusals, UnknownSshKeyIsRefused) {
    make_busy_project(ServerKind::ssh);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"commit", "-q", "-am", "saved before"});
    std::filesystem::remove(home / ".ssh" / "id_ed25519");
    std::filesystem::remove(home / ".ssh" / "id_ed25519.pub");
    GitSshServer::make_key(home / ".ssh" / "id_ed25519");  // a key the server never saw
    expect_refusal("authentication failed: the server refused the credentials from " +
                       (home / ".ssh" / "id_ed25519").string(),
                   1);
}

TEST_F(Refusals, UnknownSshHostIsRefused) {
    make_busy_project(ServerKind::ssh);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    git.run(work, {"commit", "-q", "-am", "saved before"});
    std::filesystem::remove(home / ".ssh" / "known_hosts");
    expect_refusal("host key must be in ~/.ssh/known_hosts", 1);
}

}  // namespace
}  // namespace girofle::testing
