// Hooks around a real backup (rsync into the snapshot store) of an instance whose container
// is a fake: what the operator's commands see, and what their failures do.
#include "core/observe/hooks.hpp"

#include <gmock/gmock.h>
#include <sstream>

#include "core/backup/snapshot_store.hpp"
#include "core/operations/backup.hpp"
#include "core/operations/commission.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

using ::testing::HasSubstr;

class HooksTest : public testing::LifecycleFixture {
protected:
    void SetUp() override {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
        testing::write_file(root() / "noeud-gitlab-1/mapping-volumes/data/repo", "commits");
    }
    // A hook that appends its event and environment to a file, then exits with `status`.
    HookCommand hook(const std::string& tag, int status) const {
        return {"/bin/sh", "-c",
                "{ echo \"" + tag + " $GIROFLE_EVENT $GIROFLE_INSTANCE_NUMBER $GIROFLE_INSTANCE_NAME $GIROFLE_CONTAINER "
                "$GIROFLE_INSTANCE_DIRECTORY snapshot=$GIROFLE_SNAPSHOT outcome=$GIROFLE_OUTCOME root=$GIROFLE_ROOT "
                "secret=${RESTIC_PASSWORD:-none}\"; } >> \"$1\"; echo 'hook says no' >&2; exit " + std::to_string(status),
                "hook", (root_dir.path() / "hooks.log").string()};
    }
    std::vector<std::string> hook_lines() const {
        std::vector<std::string> lines;
        std::istringstream in(std::filesystem::exists(root_dir.path() / "hooks.log")
                                  ? testing::read_file(root_dir.path() / "hooks.log") : "");
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
    std::size_t snapshots() const {
        auto listed = SnapshotStore(root() / "noeud-gitlab-1/bckups").list();
        return listed ? listed->size() : 0;
    }
    bool paused() const { return docker.containers.begin()->second.info.paused; }
};

TEST_F(HooksTest, RunInOrderAroundABackupWithTheDocumentedVariablesAndNoSecret) {
    ::setenv("RESTIC_PASSWORD", "do-not-pass-me", 1);
    config.hooks.pre_backup = {hook("first", 0), hook("second", 0)};
    config.hooks.post_backup = {hook("after", 0)};
    auto services = this->services();
    auto done = backup(services, "wiki", BackupStrategy::freeze);
    ::unsetenv("RESTIC_PASSWORD");
    ASSERT_TRUE(done) << done.error().message();
    const std::string directory = (root() / "noeud-gitlab-1").string();
    const std::string common = " 1 wiki noeud-gitlab-1-wiki " + directory;
    EXPECT_THAT(hook_lines(), ::testing::ElementsAre(
        "first pre_backup" + common + " snapshot= outcome= root=" + root().string() + " secret=none",
        "second pre_backup" + common + " snapshot= outcome= root=" + root().string() + " secret=none",
        "after post_backup" + common + " snapshot=" + done->manifest.id + " outcome=ok root=" + root().string() +
            " secret=none"));
}

TEST_F(HooksTest, AFailingPreHookStopsTheBackupBeforeAnythingChanges) {
    config.hooks.pre_backup = {hook("first", 1), hook("never", 0)};
    config.hooks.post_backup = {hook("after", 0)};
    auto services = this->services();
    auto refused = backup(services, "1", BackupStrategy::freeze);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().exit_status(), 1);
    EXPECT_THAT(refused.error().message(), HasSubstr("pre_backup hook '/bin/sh -c"));
    EXPECT_THAT(refused.error().message(), HasSubstr("exit status 1: hook says no"));
    EXPECT_EQ(hook_lines().size(), 1u) << "neither the next pre hook nor a post hook ran";
    EXPECT_EQ(snapshots(), 0u);
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1/bckups") &&
                 !std::filesystem::is_empty(root() / "noeud-gitlab-1/bckups"));
    EXPECT_FALSE(paused());
    ASSERT_EQ(reporter.events.size(), 2u);  // commission, then the failed backup
    EXPECT_EQ(reporter.events[1]["operation"], "backup");
    EXPECT_EQ(reporter.events[1]["instance"], 1);
    EXPECT_EQ(reporter.events[1]["hook"], "pre_backup");
    EXPECT_EQ(reporter.events[1]["outcome"], "failed");
}

TEST_F(HooksTest, AFailingPostHookKeepsTheSnapshotAndFailsSayingWhy) {
    config.hooks.post_backup = {hook("after", 3)};
    auto services = this->services();
    auto failed = backup(services, "1", BackupStrategy::freeze);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().exit_status(), 1);
    EXPECT_THAT(failed.error().message(), HasSubstr("post_backup hook"));
    EXPECT_THAT(failed.error().message(), HasSubstr("exit status 3"));
    EXPECT_THAT(failed.error().message(), HasSubstr("itself succeeded and is kept"));
    ASSERT_EQ(snapshots(), 1u);
    EXPECT_FALSE(paused());
    ASSERT_EQ(reporter.events.size(), 3u);
    EXPECT_EQ(reporter.events[1]["operation"], "backup");
    EXPECT_EQ(reporter.events[1]["outcome"], "ok");
    EXPECT_EQ(reporter.events[2]["operation"], "hook");
    EXPECT_EQ(reporter.events[2]["hook"], "post_backup");
    EXPECT_EQ(reporter.events[2]["outcome"], "failed");
}

TEST_F(HooksTest, PostHooksRunAfterAFailedBackupToo) {
    config.hooks.pre_backup = {hook("on", 0)};
    config.hooks.post_backup = {hook("off", 0)};
    std::filesystem::remove_all(root() / "noeud-gitlab-1/mapping-volumes");  // the backup cannot start
    auto services = this->services();
    auto failed = backup(services, "1", BackupStrategy::freeze);
    ASSERT_FALSE(failed);
    EXPECT_THAT(failed.error().message(), HasSubstr("volumes"));
    auto lines = hook_lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_THAT(lines[1], HasSubstr("off post_backup"));
    EXPECT_THAT(lines[1], HasSubstr("outcome=failed"));
    EXPECT_EQ(reporter.events.back()["operation"], "backup");
    EXPECT_EQ(reporter.events.back()["instance"], 1);
}

TEST_F(HooksTest, AHangingHookIsBounded) {
    config.hooks.pre_backup = {{"sleep", "30"}};
    config.hooks.timeout = std::chrono::seconds(1);
    auto services = this->services();
    const auto started = std::chrono::steady_clock::now();
    auto refused = backup(services, "1", BackupStrategy::freeze);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    ASSERT_FALSE(refused);
    EXPECT_THAT(refused.error().message(), HasSubstr("did not finish within 1 s"));
    EXPECT_EQ(snapshots(), 0u);
}

TEST_F(HooksTest, ABusyRefusalIsRecordedAsRefusedBeforeAnyHookRuns) {
    config.hooks.pre_backup = {hook("first", 0)};
    auto services = this->services();
    auto held = inventory.lock(1, "restore");
    ASSERT_TRUE(held);
    auto refused = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::busy);
    EXPECT_TRUE(refused.error().recorded);
    ASSERT_FALSE(reporter.events.empty());
    EXPECT_EQ(reporter.events.back()["outcome"], "refused");
    EXPECT_EQ(reporter.events.back()["error_kind"], "busy");
    EXPECT_EQ(reporter.events.back()["instance"], 1);
    EXPECT_TRUE(hook_lines().empty());
}

TEST_F(HooksTest, BadUsageIsNotRecordedAndComesBackUnmarked) {
    auto services = this->services();
    const auto events = reporter.events.size();
    const Error usage{ErrorKind::usage, "backup 2000", "no such backup"};
    const Error returned = record_failure(services, "restore", inventory.list()->front(), usage);
    EXPECT_FALSE(returned.recorded);
    EXPECT_EQ(returned.message(), usage.message());
    EXPECT_EQ(reporter.events.size(), events);
}

TEST_F(HooksTest, AnInstanceWithoutItsNumberYetHasNoNumberContainerOrDirectory) {
    config.hooks.pre_restore = {hook("coming", 0)};
    auto services = this->services();
    InstanceRecord coming;
    coming.name = "copy";
    ASSERT_TRUE(run_hooks(services, HookEvent::pre_restore, coming, "20261130T040000Z"));
    EXPECT_THAT(hook_lines(), ::testing::ElementsAre("coming pre_restore  copy   snapshot=20261130T040000Z outcome= root=" +
                                                     root().string() + " secret=none"));
}

}  // namespace
}  // namespace girofle
