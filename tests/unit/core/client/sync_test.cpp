#include "core/client/sync.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_git_repository.hpp"
#include "support/temp_dir.hpp"

namespace girofle::client {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

const auto kNoon = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + std::chrono::hours{12};

class SyncTest : public ::testing::Test {
protected:
    SyncTest() {
        repo.folder = {.work_tree = temp / "work",
                       .branch = "main",
                       .upstream = Upstream{.remote = "origin",
                                            .url = "https://git.example/me/work.git",
                                            .merge_ref = "refs/heads/main",
                                            .tracking_ref = "refs/remotes/origin/main"}};
        fs::create_directories(temp / "work");
    }

    Result<SyncReport> run_sync() {
        return sync(repo, {.host = "laptop", .now = kNoon, .reporter = reporter});
    }

    TempDir temp{"girofle-sync-test"};
    FakeGitRepository repo;
    SilentReporter reporter;
};

TEST_F(SyncTest, EqualTipsOnlySaveAndFetch) {
    repo.current_tips = {.local = "a", .remote = "a", .merge_base = "a"};
    auto report = run_sync();
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->action, SyncAction::nothing);
    EXPECT_EQ(report->exit_status(), 0);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", "fetch"));
}

TEST_F(SyncTest, LocalAheadSavesThenPushes) {
    repo.changes = {.added = 1};
    repo.current_tips = {.local = "b", .remote = "a", .merge_base = "a", .ahead = 1};
    auto report = run_sync();
    ASSERT_TRUE(report);
    EXPECT_EQ(report->action, SyncAction::push);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", HasSubstr("commit: girofle save on laptop"),
                                         "fetch", "push"));
    EXPECT_EQ(to_json(*report)["outcome"], "pushed");
}

TEST_F(SyncTest, RemoteAheadFastForwardsToTheRemoteTip) {
    repo.current_tips = {.local = "a", .remote = "c", .merge_base = "a", .behind = 2};
    auto report = run_sync();
    ASSERT_TRUE(report);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", "fetch", "fast_forward c"));
    EXPECT_EQ(to_text(*report), "Nothing to save in " + (temp / "work").string() +
                                    ".\nBrought 2 new commits from origin/main into main.\n");
}

TEST_F(SyncTest, NoRemoteIsRefusedBeforeSaving) {
    repo.folder.upstream.reset();
    repo.changes = {.added = 1};
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().exit_status(), 2);
    EXPECT_THAT(*repo.calls, IsEmpty());
}

TEST_F(SyncTest, FirstSyncToAnEmptyRemotePushesThenSetsTheUpstream) {
    repo.folder.candidate_upstreams = {*repo.folder.upstream};
    repo.folder.upstream.reset();
    repo.changes = {.added = 3};
    repo.current_tips = {.local = "a", .ahead = 1};
    auto report = run_sync();
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->action, SyncAction::push);
    EXPECT_TRUE(report->upstream_set);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", HasSubstr("commit: "), "fetch", "push",
                                         "set_upstream origin/main"));
    EXPECT_THAT(to_text(*report), HasSubstr("Pushed 1 commit from main to origin/main.\n"
                                            "origin/main is now the upstream of main.\n"));
    EXPECT_EQ(to_json(*report)["upstream_set"], true);
}

TEST_F(SyncTest, FirstSyncOfNothingToNothingSetsNoUpstream) {
    repo.folder.candidate_upstreams = {*repo.folder.upstream};
    repo.folder.upstream.reset();
    auto report = run_sync();
    ASSERT_TRUE(report);
    EXPECT_EQ(report->action, SyncAction::nothing);
    EXPECT_FALSE(report->upstream_set);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", "fetch"));
}

TEST_F(SyncTest, FailedFirstPushSetsNoUpstream) {
    repo.folder.candidate_upstreams = {*repo.folder.upstream};
    repo.folder.upstream.reset();
    repo.current_tips = {.local = "a", .ahead = 1};
    repo.push_error = Error{ErrorKind::unavailable, "origin", "connection refused"};
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", "fetch", "push"));
}

TEST_F(SyncTest, NetworkFailureAfterSavingSaysTheWorkIsSaved) {
    repo.changes = {.modified = 1};
    repo.fetch_error = Error{ErrorKind::unavailable, "origin", "cannot fetch: connection refused"};
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().exit_status(), 1);
    EXPECT_THAT(
        report.error().cause,
        HasSubstr("connection refused; your changes are saved locally in commit new-commit"));
}

TEST_F(SyncTest, RefusedPushIsAnError) {
    repo.current_tips = {.local = "b", .remote = "a", .merge_base = "a", .ahead = 1};
    repo.push_error = Error{ErrorKind::permission, "origin", "the server refused the push"};
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().cause, "the server refused the push");
}

class DivergedSyncTest : public SyncTest {
protected:
    DivergedSyncTest() {
        write_file(work / "shared.txt", "mine\n");
        write_file(work / "new-here.txt", "added here\n");
        write_file(work / "build/output.o", "ignored\n");
        write_file(work / ".git/HEAD", "ref: refs/heads/main\n");
        repo.current_tips = {
            .local = "L", .remote = "R", .merge_base = "B", .ahead = 1, .behind = 1};
        repo.commits = {{"B", {{"shared.txt", {"0", 0100644}}}},
                        {"L", {{"shared.txt", {"1", 0100644}}, {"new-here.txt", {"3", 0100644}}}},
                        {"R", {{"shared.txt", {"2", 0100644}}, {"new-there.txt", {"4", 0100644}}}}};
        repo.ignored = {"build"};
        repo.clone_files = {{"shared.txt", "theirs\n"}, {"new-there.txt", "added there\n"},
                            {".git/HEAD", "ref: refs/heads/main\n"}};
        repo.clone_tip = "R";
    }

    fs::path backup() const { return temp / "work.girofle-backup-20240501T120000Z"; }

    fs::path work = temp / "work";
};

TEST_F(DivergedSyncTest, KeepsBothVersionsAndPushesWhatTheRemoteLacks) {
    auto report = run_sync();
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->exit_status(), kDivergedExitStatus);
    ASSERT_TRUE(report->divergence);
    EXPECT_EQ(report->divergence->backup, backup());
    EXPECT_THAT(report->divergence->plan.missing_from_remote, ElementsAre("new-here.txt"));
    EXPECT_THAT(report->divergence->plan.differing,
                ElementsAre(DifferingFile{"shared.txt", Difference::changed_both}));
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all", "fetch", "clone", "clone stage_all",
                                         HasSubstr("clone commit: girofle sync on laptop"),
                                         "clone push"));

    // The folder is the clone, plus what only this side had, plus its ignored files.
    EXPECT_EQ(read_file(work / "shared.txt"), "theirs\n");
    EXPECT_EQ(read_file(work / "new-there.txt"), "added there\n");
    EXPECT_EQ(read_file(work / "new-here.txt"), "added here\n");
    EXPECT_EQ(read_file(work / "build/output.o"), "ignored\n");
    // The backup is the folder as it was.
    EXPECT_EQ(read_file(backup() / "shared.txt"), "mine\n");
    EXPECT_EQ(read_file(backup() / "new-here.txt"), "added here\n");
    EXPECT_FALSE(fs::exists(backup() / "new-there.txt"));
    // No temporary clone is left behind.
    int siblings = 0;
    for (const auto& entry : fs::directory_iterator(temp.path())) siblings += entry.is_directory();
    EXPECT_EQ(siblings, 2);

    const std::string text = to_text(*report);
    EXPECT_THAT(
        text,
        HasSubstr("main and origin/main have diverged (1 commit here, 1 commit on the remote)"));
    EXPECT_THAT(text, HasSubstr("remote version: " + (work / "shared.txt").string()));
    EXPECT_THAT(text, HasSubstr("your version:   " + (backup() / "shared.txt").string()));
    const auto json = to_json(*report);
    EXPECT_EQ(json["outcome"], "diverged");
    EXPECT_EQ(json["exit_status"], 3);
    EXPECT_EQ(json["diverged"]["added_to_remote"], nlohmann::json::array({"new-here.txt"}));
    EXPECT_EQ(json["diverged"]["differing"][0]["your_version"], (backup() / "shared.txt").string());
}

TEST_F(DivergedSyncTest, NestedRepositoriesComeAlongAndWhatHasNoRoomStaysInTheBackup) {
    repo.nested = {"drafts"};
    write_file(work / "drafts/.git/HEAD", "ref: refs/heads/main\n");
    write_file(work / "drafts/idea.txt", "an idea\n");
    // Ignored here, under a name the remote now uses for a file.
    write_file(work / "new-there.txt/trace.log", "trace\n");
    repo.ignored = {"build", "new-there.txt/trace.log"};
    auto report = run_sync();
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(read_file(work / "drafts/idea.txt"), "an idea\n");
    EXPECT_EQ(read_file(work / "drafts/.git/HEAD"), "ref: refs/heads/main\n");
    EXPECT_EQ(read_file(work / "new-there.txt"), "added there\n");
    EXPECT_EQ(read_file(backup() / "new-there.txt/trace.log"), "trace\n");
    EXPECT_THAT(report->divergence->left_in_backup, ElementsAre("new-there.txt/trace.log"));
    EXPECT_THAT(to_text(*report), HasSubstr("so only in the backup:\n  new-there.txt/trace.log"));
}

TEST_F(DivergedSyncTest, RemoteMovingDuringTheSyncChangesNothing) {
    repo.clone_tip = "R2";
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_THAT(report.error().cause, HasSubstr("the remote changed during the sync"));
    EXPECT_THAT(report.error().cause, HasSubstr("the folder was left as it was"));
    EXPECT_EQ(read_file(work / "shared.txt"), "mine\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(temp.path()), fs::directory_iterator()), 1);
}

TEST_F(DivergedSyncTest, RefusedPushOfMissingFilesChangesNothing) {
    repo.clone_push_error = Error{ErrorKind::permission, "origin", "the server refused the push"};
    auto report = run_sync();
    ASSERT_FALSE(report);
    EXPECT_THAT(*repo.calls, Contains("clone push"));
    EXPECT_EQ(read_file(work / "shared.txt"), "mine\n");
    EXPECT_FALSE(fs::exists(work / "new-there.txt"));
    EXPECT_EQ(std::distance(fs::directory_iterator(temp.path()), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace girofle::client
