#include "core/operations/backup.hpp"

#include <unistd.h>

#include "core/backup/snapshot_store.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"
#include "unit/fakes/fake_container_freezer.hpp"
#include "unit/fakes/fake_filesystem_snapshots.hpp"

namespace girofle {
namespace {

// The real runner, except that chosen rsync runs end as rsync does when a file could not be
// read (exit 23, "some files/attrs were not transferred").
class PartialTransferRunner final : public ProcessRunner {
public:
    PartialTransferRunner(ProcessRunner& real, std::string source_suffix)
        : real_(real), source_suffix_(std::move(source_suffix)) {}
    Result<ProcessResult> run(const ProcessRequest& request) override {
        const bool chosen = request.argv.front() == "rsync" && request.argv.size() >= 2 &&
                            request.argv[request.argv.size() - 2].ends_with(source_suffix_);
        if (!chosen) return real_.run(request);
        return ProcessResult{.exit_code = 23, .err = "rsync: send_files failed to open \"gitlab-secrets.json\": Permission denied (13)"};
    }

private:
    ProcessRunner& real_;
    std::string source_suffix_;
};

class BackupTest : public testing::LifecycleFixture {
protected:
    void SetUp() override {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
        testing::write_file(root() / "noeud-gitlab-1/mapping-volumes/config/gitlab-secrets.json", "{}");
        testing::write_file(root() / "noeud-gitlab-1/mapping-volumes/data/backups/1_gitlab_backup.tar", "archive");
        docker.exec_output = "Creating backup archive: 1_gitlab_backup.tar ... done\n";
    }
};

TEST_F(BackupTest, AnAppBackupMissingAConfigFileIsAFailureAndPublishesNothing) {
    PartialTransferRunner runner(processes, "/config/");
    Services services{docker, inventory, network, runner, clock, reporter, RootLayout(root()), config, cron};
    auto outcome = backup(services, "wiki", BackupStrategy::app);
    ASSERT_FALSE(outcome) << "published " << outcome->manifest.id;
    EXPECT_NE(outcome.error().message().find("exit status 23"), std::string::npos) << outcome.error().message();
    SnapshotStore store(RootLayout(root()).backups(1));
    EXPECT_TRUE(store.list()->empty());
    EXPECT_TRUE(store.partials().empty());
}

TEST_F(BackupTest, AnAppBackupKeepsTheArchiveAndTheConfig) {
    auto services = this->services();
    auto outcome = backup(services, "wiki", BackupStrategy::app);
    ASSERT_TRUE(outcome) << outcome.error().message();
    const auto snapshot = RootLayout(root()).backups(1) / outcome->manifest.id;
    EXPECT_EQ(testing::read_file(snapshot / "config/gitlab-secrets.json"), "{}");
    EXPECT_EQ(testing::read_file(snapshot / "data/backups/1_gitlab_backup.tar"), "archive");
}

TEST_F(BackupTest, EveryFailedMemberOfBackupAllIsInTheOperationsLog) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "docs"}));
    for (const char* instance : {"noeud-gitlab-1", "noeud-gitlab-2"})
        std::filesystem::remove_all(root() / instance / "mapping-volumes");
    reporter.events.clear();
    auto batch = backup_all(services, BackupStrategy::freeze);
    ASSERT_EQ(batch.failed.size(), 2u);
    std::vector<std::uint64_t> recorded;
    for (const auto& event : reporter.events)
        if (event["operation"] == "backup" && event["outcome"] == "failed") {
            recorded.push_back(event["instance"]);
            EXPECT_NE(event["error"].get<std::string>().find("volumes"), std::string::npos) << event.dump();
        }
    EXPECT_EQ(recorded, (std::vector<std::uint64_t>{1, 2}));
    for (const auto& error : batch.failed) EXPECT_TRUE(error.recorded) << "the command must not record it twice";
}

TEST_F(BackupTest, AStopBackupKilledWhileGitlabWasDownIsRepairedByTheNextOperation) {
    auto services = this->services();
    // What a stop backup killed with SIGKILL after stopping GitLab leaves behind.
    ASSERT_TRUE(write_journal(services, 1, {.operation = "backup --strategy stop", .stopped = true}));
    ASSERT_TRUE(docker.stop_container("noeud-gitlab-1-wiki", std::chrono::seconds(1)));
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_EQ(outcome->manifest.strategy, "freeze") << "GitLab was started again first, not copied cold and left down";
    EXPECT_TRUE(docker.inspect_container("noeud-gitlab-1-wiki")->running);
    EXPECT_FALSE(std::filesystem::exists(journal_path(RootLayout(root()), 1)));
    bool said = false;
    for (const auto& message : reporter.messages) said = said || message.find("was interrupted; started GitLab again") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST_F(BackupTest, AnInstanceItsOperatorStoppedStaysStopped) {
    auto services = this->services();
    ASSERT_TRUE(docker.stop_container("noeud-gitlab-1-wiki", std::chrono::seconds(1)));
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_EQ(outcome->manifest.strategy, "cold");
    EXPECT_FALSE(docker.inspect_container("noeud-gitlab-1-wiki")->running);
}

}  // namespace
}  // namespace girofle

namespace girofle {
namespace {

class BackupBySnapshotTest : public BackupTest {
protected:
    // With the fake freezer the backup freezes GitLab through it; without, with Docker's pause.
    Services services_with_snapshots(ContainerFreezer& with = no_container_freezer()) {
        filesystem.subvolumes.insert(volumes());
        return Services{docker, inventory, network, processes, clock, reporter, RootLayout(root()), config, cron,
                        filesystem, with};
    }
    std::filesystem::path volumes() const { return root() / "noeud-gitlab-1/mapping-volumes"; }
    bool paused() { return docker.inspect_container("noeud-gitlab-1-wiki")->paused; }

    testing::FakeFilesystemSnapshots filesystem;
    testing::FakeContainerFreezer freezer;
};

TEST_F(BackupBySnapshotTest, GitlabIsPausedForTheSnapshotOnlyAndTheSnapshotIsTheUsualOne) {
    auto services = services_with_snapshots();
    bool paused_during_snapshot = false;
    filesystem.on_snapshot = [&] { paused_during_snapshot = paused(); };
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_TRUE(paused_during_snapshot);
    EXPECT_FALSE(paused());
    EXPECT_EQ(filesystem.snapshots_taken, 1);
    EXPECT_EQ(outcome->manifest.method, "btrfs-snapshot");
    const auto snapshot = RootLayout(root()).backups(1) / outcome->manifest.id;
    EXPECT_EQ(testing::read_file(snapshot / "config/gitlab-secrets.json"), "{}");
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1/mapping-volumes.frozen")) << "the still copy goes";
    EXPECT_FALSE(filesystem.is_subvolume(root() / "noeud-gitlab-1/mapping-volumes.frozen"));
}

TEST_F(BackupBySnapshotTest, ARefusedSnapshotUnpausesAndPublishesNothing) {
    auto services = services_with_snapshots();
    filesystem.refuse_snapshot = true;
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_FALSE(outcome);
    EXPECT_NE(outcome.error().message().find("Operation not permitted"), std::string::npos) << outcome.error().message();
    EXPECT_FALSE(paused());
    SnapshotStore store(RootLayout(root()).backups(1));
    EXPECT_TRUE(store.list()->empty());
    EXPECT_TRUE(store.partials().empty());
}

TEST_F(BackupBySnapshotTest, WhereItsCgroupIsReachableGitlabIsFrozenThroughItWithoutDockersPause) {
    auto services = services_with_snapshots(freezer);
    bool frozen_during_snapshot = false, paused_during_snapshot = true;
    filesystem.on_snapshot = [&] {
        frozen_during_snapshot = freezer.is_frozen;
        paused_during_snapshot = paused();
    };
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_TRUE(frozen_during_snapshot);
    EXPECT_FALSE(paused_during_snapshot);
    EXPECT_FALSE(freezer.is_frozen);
    EXPECT_EQ(reporter.events.back()["paused_with"], "the cgroup v2 freezer at /fake/cgroup");

    freezer.reachable = false;
    ASSERT_TRUE(backup(services, "wiki", BackupStrategy::freeze));
    EXPECT_EQ(freezer.freezes, 1) << "the second backup cannot reach the cgroup and uses Docker's pause";
    EXPECT_EQ(reporter.events.back()["paused_with"],
              "Docker's pause (cgroup freezer: cannot write /fake/cgroup.freeze)");
}

TEST_F(BackupBySnapshotTest, ARefusedSnapshotThawsTheCgroup) {
    auto services = services_with_snapshots(freezer);
    filesystem.refuse_snapshot = true;
    ASSERT_FALSE(backup(services, "wiki", BackupStrategy::freeze));
    EXPECT_EQ(freezer.freezes, 1);
    EXPECT_FALSE(freezer.is_frozen);
}

TEST_F(BackupBySnapshotTest, AGitlabLeftFrozenByAKilledRunIsThawedAndSaidSo) {
    auto services = services_with_snapshots(freezer);
    // What a backup killed inside the window leaves: its journal, and GitLab frozen where
    // Docker does not see it.
    ASSERT_TRUE(
        write_journal(services, 1, {.operation = "backup --strategy freeze", .paused = true}));
    freezer.is_frozen = true;
    ASSERT_TRUE(backup(services, "wiki", BackupStrategy::freeze));
    EXPECT_FALSE(freezer.is_frozen);
    EXPECT_NE(
        std::ranges::find(reporter.messages,
                          "warn: instance 1 (noeud-gitlab-1-wiki): backup --strategy freeze (pid " +
                              std::to_string(::getpid()) +
                              ") was interrupted; thawed the GitLab it left frozen"),
        reporter.messages.end());
    EXPECT_FALSE(std::filesystem::exists(journal_path(services.layout, 1)));
}

TEST_F(BackupBySnapshotTest, EachFreezeNotesItsPauseUntilGitlabRunsAgain) {
    auto services = services_with_snapshots(freezer);
    bool noted_while_frozen = false;
    freezer.on_freeze = [&] {
        auto journal = testing::read_file(journal_path(services.layout, 1));
        noted_while_frozen = journal.find("\"paused\":true") != std::string::npos;
    };
    ASSERT_TRUE(backup(services, "wiki", BackupStrategy::freeze));
    EXPECT_TRUE(noted_while_frozen) << "a run killed while GitLab is frozen must leave word of it";
    EXPECT_FALSE(std::filesystem::exists(journal_path(services.layout, 1)));

    filesystem.refuse_snapshot = true;  // the freeze happens, the snapshot fails: thawed, word gone
    ASSERT_FALSE(backup(services, "wiki", BackupStrategy::freeze));
    EXPECT_FALSE(freezer.is_frozen);
    EXPECT_FALSE(std::filesystem::exists(journal_path(services.layout, 1)));
}

TEST_F(BackupBySnapshotTest, AGitlabItsOperatorFrozeGetsAColdCopyAndStaysFrozen) {
    auto services = services_with_snapshots(freezer);
    freezer.is_frozen = true;  // no journal: not a Girofle backup's doing
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_TRUE(freezer.is_frozen);
    EXPECT_EQ(freezer.freezes, 0);
    EXPECT_EQ(reporter.events.back()["strategy"], "cold");
    EXPECT_NE(
        std::ranges::find(
            reporter.messages,
            "warn: instance 1 (noeud-gitlab-1-wiki): GitLab is frozen (the cgroup v2 freezer at "
            "/fake/cgroup), not by Girofle: a cold copy, and GitLab stays so"),
        reporter.messages.end());
}

TEST_F(BackupBySnapshotTest, AStillCopyLeftByAKilledRunIsRemovedAndSaidSo) {
    auto services = services_with_snapshots();
    ASSERT_TRUE(filesystem.snapshot_subvolume(volumes(), root() / "noeud-gitlab-1/mapping-volumes.frozen"));
    auto outcome = backup(services, "wiki", BackupStrategy::freeze);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1/mapping-volumes.frozen"));
    EXPECT_NE(std::ranges::find(reporter.messages,
                                "warn: instance 1 (noeud-gitlab-1-wiki): removed mapping-volumes.frozen, left by a "
                                "backup that did not finish"),
              reporter.messages.end());
}

}  // namespace
}  // namespace girofle
