#include "core/client/save.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_git_repository.hpp"

namespace girofle::client {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

FakeGitRepository folder_on_main() {
    FakeGitRepository repo;
    repo.folder = {.work_tree = "/home/me/work", .branch = "main"};
    return repo;
}

TEST(Save, CommitsEveryChangeWithTheStandardMessage) {
    FakeGitRepository repo = folder_on_main();
    repo.changes = {.added = 2, .modified = 1, .deleted = 3};
    auto report = save(repo, "laptop");
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->commit, "new-commit");
    EXPECT_EQ(report->changes, repo.changes);
    EXPECT_THAT(
        *repo.calls,
        ElementsAre("stage_all", "commit: girofle save on laptop: 2 added, 1 modified, 3 deleted"));
    EXPECT_EQ(to_text(*report),
              "Saved 6 changes on main (2 added, 1 modified, 3 deleted): commit new-commit.\n");
}

TEST(Save, NothingChangedMakesNoCommit) {
    FakeGitRepository repo = folder_on_main();
    auto report = save(repo, "laptop");
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->commit.empty());
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all"));
    EXPECT_EQ(to_json(*report)["commit"], nullptr);
}

TEST(Save, RefusesAMergeInProgressWithoutTouchingAnything) {
    FakeGitRepository repo = folder_on_main();
    repo.folder.pending = PendingOperation::merge;
    repo.changes = {.modified = 1};
    auto report = save(repo, "laptop");
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().exit_status(), 2);
    EXPECT_THAT(*repo.calls, IsEmpty());
}

}  // namespace
}  // namespace girofle::client
