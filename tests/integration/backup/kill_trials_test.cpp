// Acceptance: Girofle killed with SIGKILL at random moments of a `stop` backup, an in-place
// restore or a decommission never leaves an active instance down: after the next Girofle
// command (a backup, or doctor --fix) it runs and is healthy, with its data as before.
// Trials: 10 of each by hand (GIROFLE_TEST_TRIALS=10), fewer in CI (support/trials.hpp).
#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;

class KillTrials : public GitlabTest {
protected:
    void SetUp() override {
        GitlabTest::SetUp();
        if (HasFatalFailure() || IsSkipped()) return;
        record_ = commission({"--name", "kill", "--ip", "127.0.7.11"});
        ASSERT_FALSE(record_.empty());
        directory_ = record_["directory"].get<std::string>();
        // Enough data that each operation takes a while, so kills land in every step.
        write_filler(directory_ / "mapping-volumes/data/filler", 400, 64 * 1024);
        write_file(directory_ / "mapping-volumes/data/marker", "what must survive\n");
        secrets_ = read_file(directory_ / "mapping-volumes/config/gitlab-secrets.json");
        ASSERT_FALSE(backup("kill").empty());
    }

    // How long the operation takes unkilled, to spread the kills over all of it.
    std::chrono::milliseconds timed(const std::vector<std::string>& args) {
        const auto start = std::chrono::steady_clock::now();
        auto result = girofle(args);
        EXPECT_EQ(result.status, 0) << describe(args) << ": " << result.err;
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    }

    // Starts `args` and kills it with SIGKILL after a random part of `span`.
    void kill_during(const std::vector<std::string>& args, std::chrono::milliseconds span) {
        std::vector<std::string> argv = {GIROFLE_BINARY, "--root", root().string(), "-q"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto child = start_process({.argv = argv, .env = {{"GIROFLE_CRON_DIR", test_cron_directory(root()).string()}}});
        ASSERT_TRUE(child);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<long>(0, span.count())(random_)));
        ::kill(child->pid(), SIGKILL);
        child->wait();
    }

    // The next Girofle command: a scheduled backup or doctor --fix, in turn.
    void next_command(int trial) {
        auto next = trial % 2 == 0 ? girofle({"backup", "kill"}) : girofle({"doctor", "--fix"});
        // doctor's own verdict covers the whole host (cron, port 22); only its repair matters here.
        if (trial % 2 == 0) {
            ASSERT_EQ(next.status, 0) << "trial " << trial << ": " << next.err;
        }
    }

    void expect_running_and_intact(int trial) {
        std::string live;
        for (int i = 0; i < 120 && live != "running (healthy)"; ++i) {
            auto status = girofle({"--json", "status", "kill"});
            ASSERT_EQ(status.status, 0) << status.err;
            ASSERT_EQ(status.json()["state"], "active") << "trial " << trial;
            live = status.json()["live_state"];
            if (live != "running (healthy)") std::this_thread::sleep_for(500ms);
        }
        EXPECT_EQ(live, "running (healthy)") << "trial " << trial;
        EXPECT_EQ(read_file(directory_ / "mapping-volumes/data/marker"), "what must survive\n") << "trial " << trial;
        EXPECT_EQ(read_file(directory_ / "mapping-volumes/config/gitlab-secrets.json"), secrets_) << "trial " << trial;
        EXPECT_FALSE(std::filesystem::exists(directory_ / "operation-in-progress.json")) << "trial " << trial;
        EXPECT_EQ(http_get(record_["url"].get<std::string>() + "/").status, 0) << "trial " << trial;
    }

    nlohmann::json record_;
    std::filesystem::path directory_;
    std::string secrets_;
    std::mt19937 random_{2026};
};

TEST_F(KillTrials, StopBackupsKilledAtRandomNeverLeaveGitlabDown) {
    const auto span = timed({"backup", "kill", "--strategy", "stop"});
    const int trials = trial_count(10, 3);
    for (int trial = 0; trial < trials; ++trial) {
        kill_during({"backup", "kill", "--strategy", "stop"}, span);
        next_command(trial);
        expect_running_and_intact(trial);
    }
    EXPECT_EQ(girofle({"verify", "kill"}).status, 0);
}

TEST_F(KillTrials, RestoresKilledAtRandomPutTheInstanceBack) {
    const auto span = timed({"restore", "kill"});
    const int trials = trial_count(10, 3);
    for (int trial = 0; trial < trials; ++trial) {
        kill_during({"restore", "kill"}, span);
        next_command(trial);
        expect_running_and_intact(trial);
    }
}

TEST_F(KillTrials, DecommissionsKilledAtRandomLeaveAnActiveInstanceRunning) {
    auto span = timed({"decommission", "kill", "--no-backup"});
    ASSERT_EQ(girofle({"restore", "kill"}).status, 0);
    span += std::chrono::milliseconds(3000);  // the final backup the trials take as well
    const int trials = trial_count(10, 3);
    int completed = 0;
    for (int trial = 0; trial < trials; ++trial) {
        kill_during({"decommission", "kill"}, span);
        auto fixed = girofle({"doctor", "--fix"});
        auto status = girofle({"--json", "status", "kill"});
        ASSERT_EQ(status.status, 0) << status.err;
        if (status.json()["state"] == "decommissioned") {
            // Killed after it finished: what it kept comes back with a restore.
            ++completed;
            auto restored = girofle({"restore", "kill"});
            ASSERT_EQ(restored.status, 0) << restored.err;
        }
        expect_running_and_intact(trial);
    }
    RecordProperty("decommissions_completed_before_the_kill", completed);
}

}  // namespace
}  // namespace girofle::testing
