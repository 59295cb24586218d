// The four cases of `girofle sync`, and a push refused by a server hook, against each kind of
// real server: the remote's and the folder's files are compared byte for byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

const FileContents kInitial = {
    {"README.md", "# Project\n"},
    {"src/main.c", "int main(void) { return 0; }\n"},
    {"docs/old.txt", "old notes\n"},
    {".gitignore", "*.log\nbuild/\n"},
};
// Bytes a text-minded tool would mangle: NUL, CR LF, no final newline.
const std::string kBinary = std::string("\x00\x01\xff\r\nline\r\n", 11) + "end";
const FileContents kIgnored = {{"debug.log", "local trace\n"}, {"build/out.o", "object"}};

class SyncCases : public ClientTest, public ::testing::WithParamInterface<ServerKind> {
protected:
    void SetUp() override {
        make_project(GetParam(), kInitial);
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
        write_files(work, kIgnored);
    }
    std::string remote_tip() const { return git.rev_parse(bare, "main"); }
};

TEST_P(SyncCases, NothingToDoChangesNothing) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const ProjectState before = state();
    auto result = girofle({"sync", work.string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("main is up to date with origin/main"));
    EXPECT_EQ(state(), before);
}

TEST_P(SyncCases, LocalAheadIsSavedAndPushed) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    write_files(work, {{"README.md", "# Project\n\nMore.\n"}, {"src/blob.bin", kBinary}});
    remove_files(work, {"docs/old.txt"});
    const FileContents expected =
        with(kInitial, {{"README.md", "# Project\n\nMore.\n"}, {"src/blob.bin", kBinary}},
             {"docs/old.txt"});

    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("(1 added, 1 modified, 1 deleted)"));
    EXPECT_THAT(result.out, HasSubstr("Pushed 1 commit from main to origin/main"));
    EXPECT_EQ(git.files_at(bare, "main"), expected);  // ignored files stay home
    EXPECT_EQ(git.rev_parse(work, "HEAD"), remote_tip());
    EXPECT_EQ(work_tree_files(work), with(expected, kIgnored));
    EXPECT_THAT(git.run(bare, {"log", "-1", "--format=%s", "main"}),
                HasSubstr("girofle save on "));
}

TEST_P(SyncCases, RemoteAheadIsFastForwarded) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const std::string theirs = colleague_pushes(
        {{"README.md", "# Project, by a colleague\n"}, {"src/lib.c", kBinary}}, {"docs/old.txt"});
    const FileContents expected = with(
        kInitial, {{"README.md", "# Project, by a colleague\n"}, {"src/lib.c", kBinary}},
        {"docs/old.txt"});
    const std::string refs_before = git.refs(bare);

    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("Brought 1 new commit from origin/main into main"));
    EXPECT_EQ(git.rev_parse(work, "HEAD"), theirs);
    EXPECT_EQ(work_tree_files(work), with(expected, kIgnored));
    EXPECT_EQ(git.refs(bare), refs_before);
    EXPECT_EQ(git.run(work, {"status", "--porcelain"}), "");
}

TEST_P(SyncCases, DivergedKeepsEveryVersionEitherSideWrote) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const FileContents theirs_written = {{"README.md", "# Theirs\n"},
                                         {"theirs.txt", "from them\n"}};
    const std::string theirs = colleague_pushes(theirs_written, {"docs/old.txt"});
    const FileContents mine_written = {{"README.md", "# Mine\n"},
                                       {"mine.txt", kBinary},
                                       {"src/main.c", "int main(void) { return 1; }\n"}};
    write_files(work, mine_written);
    const FileContents work_before = work_tree_files(work);

    auto result = girofle({"--json", "sync", work.string()});
    ASSERT_EQ(result.exit_code, 3) << result.err;
    const auto summary = nlohmann::json::parse(result.out);
    EXPECT_EQ(summary["outcome"], "diverged");

    // The remote: the colleague's commit kept, then the file only this side had.
    const FileContents remote_files =
        with(kInitial, with(theirs_written, {{"mine.txt", kBinary}}), {"docs/old.txt"});
    EXPECT_EQ(git.files_at(bare, "main"), remote_files);
    EXPECT_EQ(git.rev_parse(bare, "main^"), theirs);
    EXPECT_EQ(summary["diverged"]["added_to_remote"], nlohmann::json::array({"mine.txt"}));

    // The folder: a clone of the remote, with the ignored files carried over.
    EXPECT_EQ(work_tree_files(work), with(remote_files, kIgnored));
    EXPECT_EQ(git.rev_parse(work, "HEAD"), git.rev_parse(bare, "main"));
    EXPECT_EQ(git.run(work, {"status", "--porcelain"}), "");

    // The backup: the folder exactly as it was, with the saved local commit.
    auto backup = backups();
    ASSERT_THAT(backup, SizeIs(1));
    EXPECT_EQ(summary["diverged"]["backup"], backup[0].string());
    EXPECT_EQ(work_tree_files(backup[0]), work_before);
    EXPECT_EQ(git.files_at(backup[0], "HEAD"), with(kInitial, mine_written));

    // Every version either side wrote is somewhere the user can see it.
    for (const auto& [path, content] : mine_written)
        EXPECT_EQ(read_file(backup[0] / path), content) << path;
    for (const auto& [path, content] : theirs_written)
        EXPECT_EQ(read_file(work / path), content) << path;

    const auto& differing = summary["diverged"]["differing"];
    ASSERT_THAT(differing, SizeIs(2));
    EXPECT_EQ(differing[0]["path"], "README.md");
    EXPECT_EQ(differing[0]["difference"], "changed_both");
    EXPECT_EQ(differing[0]["remote_version"], (work / "README.md").string());
    EXPECT_EQ(differing[0]["your_version"], (backup[0] / "README.md").string());
    EXPECT_EQ(differing[1]["path"], "src/main.c");
    EXPECT_EQ(differing[1]["difference"], "changed_here");
    EXPECT_EQ(summary["diverged"]["deleted_on_remote"], nlohmann::json::array({"docs/old.txt"}));

    // The next sync finds both sides equal.
    auto again = girofle({"sync", work.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_P(SyncCases, PushRefusedByAServerHookIsAnErrorAndChangesNothing) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    write_file(bare / "hooks" / "pre-receive",
               "#!/bin/sh\necho 'policy: pushes to main are frozen' >&2\nexit 1\n");
    std::filesystem::permissions(bare / "hooks" / "pre-receive",
                                 std::filesystem::perms::owner_all);
    write_files(work, {{"README.md", "# Blocked\n"}});
    git.run(work, {"commit", "-q", "-am", "local work"});
    const ProjectState before = state();

    auto result = girofle({"sync", work.string()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("girofle: error: origin ("));
    EXPECT_THAT(result.err, HasSubstr("the server refused the push: refs/heads/main"));
    EXPECT_THAT(result.err, HasSubstr("policy: pushes to main are frozen"));
    EXPECT_EQ(state(), before);
}

INSTANTIATE_TEST_SUITE_P(Servers, SyncCases,
                         ::testing::Values(ServerKind::http, ServerKind::daemon, ServerKind::ssh),
                         server_name);

}  // namespace
}  // namespace girofle::testing
