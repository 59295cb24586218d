// Acceptance (issue 10): a client pushes commits in a loop, and the stand-in's database records
// every push, while backups are taken: 30 freeze, 10 stop and 10 app backups by hand
// (GIROFLE_TEST_TRIALS overrides; fewer in CI). Every snapshot drills clean, and no push
// acknowledged before a snapshot began is missing from what its manifest recorded.
#include <chrono>
#include <thread>

#include "integration/drill/drill_fixture.hpp"
#include "integration/push_load.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

class DrillUnderLoad : public DrillTest, public ::testing::WithParamInterface<std::pair<std::string, int>> {};

TEST_P(DrillUnderLoad, EverySnapshotDrillsCleanAndHoldsEveryAcknowledgedPush) {
    const auto& [strategy, acceptance_trials] = GetParam();
    const int trials = trial_count(acceptance_trials, 1);
    // Every snapshot stays until it is drilled.
    write_root_config({{"retention", {{"last", 100}}}});
    start_instance("load-" + strategy, strategy == "freeze" ? "127.0.8.21" : strategy == "stop" ? "127.0.8.22" : "127.0.8.23");

    // The load runs before the first backup, so every snapshot has a push to hold, and through
    // all of them however fast they are (a count of pushes in all tied the test to their speed).
    PushLoad load([&](int n) { return push_commit("load-" + std::to_string(n)); });
    ASSERT_TRUE(load.wait_for(1)) << "no push was acknowledged in 60 s";
    const auto first_began = std::chrono::system_clock::now();
    std::vector<nlohmann::json> manifests;
    for (int i = 0; i < trials; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        manifests.push_back(backup("load-" + strategy, {"--strategy", strategy}));
    }
    load.stop();
    ASSERT_GE(load.acknowledged_between(first_began, std::chrono::system_clock::now()), 1)
        << "the load must run during the backups (" << load.pushes().size() << " pushes in all)";

    int pushes_checked = 0;
    for (const auto& manifest : manifests) {
        ASSERT_FALSE(manifest.empty());
        const std::string id = manifest["id"];
        auto drilled = girofle({"drill", "load-" + strategy, "--backup", id});
        EXPECT_EQ(drilled.status, 0) << id << ": " << drilled.out << drilled.err;
        if (strategy == "app") continue;  // an app snapshot's refs are inside GitLab's archive
        const std::string recorded = manifest["expected"]["repositories"][kRepository]["refs/heads/main"];
        const auto began = manifest_time(manifest["started_at"]);
        for (const auto& push : load.pushes()) {
            if (push.at >= began) continue;
            ++pushes_checked;
            auto kept = run_command({"git", "merge-base", "--is-ancestor", push.commit, recorded}, {}, client_);
            EXPECT_EQ(kept.status, 0) << "backup " << id << " lacks " << push.commit << ", acknowledged before it began";
        }
    }
    RecordProperty("snapshots_drilled", trials);
    RecordProperty("pushes", static_cast<int>(load.pushes().size()));
    RecordProperty("pushes_checked", pushes_checked);
}

INSTANTIATE_TEST_SUITE_P(Strategies, DrillUnderLoad,
                         ::testing::Values(std::pair<std::string, int>{"freeze", 30}, std::pair<std::string, int>{"stop", 10},
                                           std::pair<std::string, int>{"app", 10}),
                         [](const auto& strategy) { return strategy.param.first; });

}  // namespace
}  // namespace girofle::testing
