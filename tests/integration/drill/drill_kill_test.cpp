// Acceptance (issue 10): kill -9 during a drill leaves no container and no scratch copy after
// the next Girofle command on the instance. 10 trials by hand, fewer in CI.
#include <random>
#include <thread>

#include "integration/drill/drill_fixture.hpp"
#include "support/process_tree.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

class DrillKill : public DrillTest {
protected:
    bool leftovers() const {
        if (!run_command({"docker", "ps", "-a", "-q", "--filter", "name=" + container_ + "-drill"}).out.empty()) return true;
        for (const auto& item : std::filesystem::directory_iterator(directory_))
            if (item.path().filename().string().starts_with("drill-")) return true;
        return false;
    }
};

TEST_F(DrillKill, AKilledDrillLeavesNothingAfterTheNextCommand) {
    start_instance("killed", "127.0.8.31");
    ASSERT_FALSE(backup("killed").empty());
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(girofle({"drill", "killed"}).status, 0);
    const auto span = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);

    std::mt19937 random(10);
    const int trials = trial_count(10, 2);
    int left_something = 0;
    for (int trial = 0; trial < trials; ++trial) {
        auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "drill", "killed"},
                                    .env = {{"GIROFLE_CRON_DIR", test_cron_directory(root()).string()}}});
        ASSERT_TRUE(child);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<long>(0, span.count())(random)));
        ASSERT_TRUE(kill_and_wait_until_reaped(*child, std::chrono::seconds(30)));
        if (leftovers()) ++left_something;
        // The next command on the instance: the scheduled backup.
        auto next = girofle({"backup", "killed"});
        ASSERT_EQ(next.status, 0) << "trial " << trial << ": " << next.err;
        EXPECT_FALSE(leftovers()) << "trial " << trial;
    }
    RecordProperty("kills_that_left_something", left_something);
}

}  // namespace
}  // namespace girofle::testing
