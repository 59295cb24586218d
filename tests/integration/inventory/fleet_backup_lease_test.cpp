// A backup holding its lock on etcd that loses the lease mid-copy: it stops at its next safe
// point, leaves GitLab running and unpaused, publishes no snapshot, and the next run after
// etcd is back succeeds.
#include <signal.h>

#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/etcd_cluster.hpp"
#include "support/required_programs.hpp"

namespace girofle {
namespace {

class FleetBackupLease : public testing::GitlabTest {};

bool has_partial_snapshot(const std::filesystem::path& backups) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(backups, error))
        if (entry.path().extension() == ".partial") return true;
    return false;
}

TEST_F(FleetBackupLease, ALeaseLostMidCopyStopsTheBackupAndLeavesGitLabRunning) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
    testing::EtcdCluster cluster(scratch() / "etcd", 1);
    write_root_config({{"inventory", cluster.url("lease")}, {"etcd", {{"lease_seconds", 2}}}});
    auto record = commission({"--name", "lease", "--ip", "127.0.0.71", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    const auto directory = std::filesystem::path(record["directory"].get<std::string>());
    testing::write_filler(directory / "mapping-volumes/data/filler", 400, 64 * 1024);

    auto backup = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "backup", "lease"}});
    ASSERT_TRUE(backup) << backup.error().message();
    // Once the copy has begun: etcd stops answering, and this backup stays unscheduled for
    // longer than its lease, so that it cannot have renewed it.
    bool copying = false;
    for (int i = 0; i < 600 && !copying; ++i) {
        copying = has_partial_snapshot(directory / "bckups");
        if (!copying) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(copying) << "the backup never started copying";
    cluster.freeze_member(0);
    ::kill(backup->pid(), SIGSTOP);
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    ::kill(backup->pid(), SIGCONT);
    auto outcome = backup->wait();
    cluster.thaw_member(0);

    EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
    EXPECT_NE(outcome.err.find("girofle: error: instance 1: lost its operation lock"), std::string::npos) << outcome.err;
    auto state = testing::run_command({"docker", "inspect", "-f", "{{.State.Running}} {{.State.Paused}}",
                                       record["container"].get<std::string>()});
    EXPECT_EQ(state.out, "true false\n");
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory / "bckups", error))
        ADD_FAILURE() << "left behind: " << entry.path();

    // The old lease expires once etcd runs again; no lock is released by guesswork.
    for (int i = 0; i < 100; ++i) {
        auto held = cluster.etcdctl({"get", "--print-value-only", "/girofle/lease/locks/1"});
        if (held.status == 0 && held.out.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    auto manifest = GitlabTest::backup("lease");
    EXPECT_EQ(manifest.value("id", ""), backup_ids("lease").back());
}

}  // namespace
}  // namespace girofle
