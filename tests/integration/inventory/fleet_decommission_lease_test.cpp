// A decommission holding its lock on etcd that loses the lease while GitLab is being stopped
// (etcd stopped): it stops at its next safe point, removes nothing, starts GitLab again,
// leaves the record active, and the next run after etcd is back ends the instance.
#include <signal.h>

#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/etcd_cluster.hpp"
#include "support/required_programs.hpp"

namespace girofle {
namespace {

class FleetDecommissionLease : public testing::GitlabTest {};

TEST_F(FleetDecommissionLease, ALeaseLostMidDecommissionRemovesNothingAndLeavesGitLabRunning) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
    testing::EtcdCluster cluster(scratch() / "etcd", 1);
    write_root_config({{"inventory", cluster.url("ending")}, {"etcd", {{"lease_seconds", 2}}}});
    auto record = commission({"--name", "ending", "--ip", "127.0.0.72", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    const std::string container = record["container"];
    const auto directory = std::filesystem::path(record["directory"].get<std::string>());
    testing::write_file(directory / "mapping-volumes/data/keep-me", "precious");
    const auto stored_before = cluster.etcdctl({"get", "--print-value-only", "/girofle/ending/instances/1"});

    auto decommission = start_process(
        {.argv = {GIROFLE_BINARY, "--root", root().string(), "decommission", "ending", "--no-backup"}});
    ASSERT_TRUE(decommission) << decommission.error().message();
    // The journal is written under the lock just before GitLab is stopped: from there on,
    // etcd stops answering and this run stays unscheduled for longer than its lease.
    const auto journal = directory / "operation-in-progress.json";
    bool stopping = false;
    for (int i = 0; i < 20000 && !stopping; ++i) {
        stopping = std::filesystem::exists(journal);
        if (!stopping) std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    ASSERT_TRUE(stopping) << "the decommission never reached the stop";
    ::kill(decommission->pid(), SIGSTOP);
    cluster.freeze_member(0);
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    ::kill(decommission->pid(), SIGCONT);
    auto outcome = decommission->wait();
    cluster.thaw_member(0);

    EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
    EXPECT_NE(outcome.err.find("girofle: error: instance 1: lost its operation lock"), std::string::npos)
        << outcome.err;
    auto state = testing::run_command({"docker", "inspect", "-f", "{{.State.Running}} {{.State.Paused}}", container});
    EXPECT_EQ(state.out, "true false\n") << state.err;
    EXPECT_EQ(testing::read_file(directory / "mapping-volumes/data/keep-me"), "precious");
    EXPECT_FALSE(std::filesystem::exists(journal));
    EXPECT_EQ(cluster.etcdctl({"get", "--print-value-only", "/girofle/ending/instances/1"}).out, stored_before.out);

    // The old lease expires once etcd runs again; then the instance ends as asked.
    for (int i = 0; i < 100; ++i) {
        auto held = cluster.etcdctl({"get", "--print-value-only", "/girofle/ending/locks/1"});
        if (held.status == 0 && held.out.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    auto again = girofle({"--json", "decommission", "ending", "--no-backup"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.json()["state"], "decommissioned") << again.out;
    EXPECT_TRUE(containers_of_root().empty());
}

}  // namespace
}  // namespace girofle
