#include "core/client/save.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_git_repository.hpp"

namespace girofle::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Keeps the warnings, so that tests can read them.
class WarningsReporter final : public Reporter {
public:
    std::vector<std::string> warnings;
    void info(const std::string&) override {}
    void warn(const std::string& message) override { warnings.push_back(message); }
    void progress(const std::string&) override {}
    void record(const nlohmann::json&) override {}
};

FakeGitRepository folder_on_main() {
    FakeGitRepository repo;
    repo.folder = {.work_tree = "/home/me/work", .branch = "main"};
    return repo;
}

TEST(Save, CommitsEveryChangeWithTheStandardMessage) {
    WarningsReporter reporter;
    FakeGitRepository repo = folder_on_main();
    repo.changes = {.added = 2, .modified = 1, .deleted = 3};
    auto report = save(repo, "laptop", reporter);
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
    WarningsReporter reporter;
    FakeGitRepository repo = folder_on_main();
    auto report = save(repo, "laptop", reporter);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->commit.empty());
    EXPECT_THAT(*repo.calls, ElementsAre("stage_all"));
    EXPECT_EQ(to_json(*report)["commit"], nullptr);
}

TEST(Save, RefusesAMergeInProgressWithoutTouchingAnything) {
    WarningsReporter reporter;
    FakeGitRepository repo = folder_on_main();
    repo.folder.pending = PendingOperation::merge;
    repo.changes = {.modified = 1};
    auto report = save(repo, "laptop", reporter);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().exit_status(), 2);
    EXPECT_THAT(*repo.calls, IsEmpty());
}

TEST(Save, NestedRepositoriesAreLeftAloneWithAWarningEach) {
    WarningsReporter reporter;
    FakeGitRepository repo = folder_on_main();
    repo.changes = {.added = 1};
    repo.nested = {"drafts", "vendor/lib"};
    auto report = save(repo, "laptop", reporter);
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->commit, "new-commit");
    EXPECT_THAT(reporter.warnings,
                ElementsAre("/home/me/work/drafts: a git repository of its own inside the "
                            "folder: left alone, not saved (save it with git inside it)",
                            HasSubstr("/home/me/work/vendor/lib: a git repository of its own")));
    EXPECT_EQ(to_json(*report)["nested_repositories_left_alone"],
              nlohmann::json::array({"drafts", "vendor/lib"}));
}

}  // namespace
}  // namespace girofle::client
