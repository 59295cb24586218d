#include "core/backup/retention.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace girofle {
namespace {

using namespace std::chrono_literals;

std::vector<RetentionCandidate> every_four_hours(int count) {
    std::vector<RetentionCandidate> snapshots;
    auto start = std::chrono::system_clock::from_time_t(1'790'000'000);  // a Saturday
    for (int i = 0; i < count; ++i) snapshots.push_back({"s" + std::to_string(i), start + i * 4h, true});
    return snapshots;
}

bool kept(const std::vector<std::string>& pruned, const std::string& id) {
    return std::find(pruned.begin(), pruned.end(), id) == pruned.end();
}

TEST(Retention, KeepsTheLastNTheNewestOfEachDayAndOfEachWeek) {
    auto snapshots = every_four_hours(6 * 40);  // forty days, six a day
    auto pruned = snapshots_to_prune(snapshots, {.last = 6, .daily = 7, .weekly = 4});
    const std::size_t kept_count = snapshots.size() - pruned.size();
    // 6 last (the newest day, whose newest is also its daily), 6 more dailies, and the weeklies
    // not already kept as dailies.
    EXPECT_GE(kept_count, 12u);
    EXPECT_LE(kept_count, 16u);
    for (int i = 0; i < 6; ++i) EXPECT_TRUE(kept(pruned, snapshots[snapshots.size() - 1 - i].id));
    EXPECT_FALSE(kept(pruned, snapshots.front().id));
}

TEST(Retention, NeverRemovesTheNewestUsableSnapshot) {
    auto snapshots = every_four_hours(10);
    for (std::size_t i = 3; i < snapshots.size(); ++i) snapshots[i].usable = false;  // newer ones damaged
    auto pruned = snapshots_to_prune(snapshots, {.last = 1, .daily = 0, .weekly = 0});
    EXPECT_TRUE(kept(pruned, "s2"));  // the only valid one left
    EXPECT_TRUE(kept(pruned, "s9"));
    EXPECT_FALSE(kept(pruned, "s1"));
}

TEST(Retention, NeverRemovesTheNewestSnapshotThatPassedADrill) {
    auto snapshots = every_four_hours(10);
    snapshots[1].drilled = snapshots[4].drilled = true;
    auto pruned = snapshots_to_prune(snapshots, {.last = 1, .daily = 0, .weekly = 0});
    EXPECT_TRUE(kept(pruned, "s4"));  // the newest proven restorable
    EXPECT_TRUE(kept(pruned, "s9"));
    EXPECT_FALSE(kept(pruned, "s1"));  // an older drilled one goes with the policy
}

TEST(Retention, NothingToPruneWhenFewSnapshots) {
    EXPECT_TRUE(snapshots_to_prune(every_four_hours(3), {}).empty());
    EXPECT_TRUE(snapshots_to_prune({}, {}).empty());
}

}  // namespace
}  // namespace girofle
