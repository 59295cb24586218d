// Acceptance: a remote push killed with SIGKILL at random moments never leaves the repository
// locked or looking damaged: after the next remote command, `remote check` passes and no
// restic lock is left. A lock held by a live restic is reported as busy, never as damage.
// Trials: 10 by hand (GIROFLE_TEST_TRIALS=10), fewer in CI.
#include <random>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/remote/remote_fixture.hpp"
#include "support/process_tree.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

class KilledPush : public RemoteTest {
protected:
    // restic's own view of the repository's locks, with the same password file.
    std::string locks() const {
        auto listed = run_command({"restic", "-r", local_repository().string(), "--password-file",
                                   password_file().string(), "list", "locks", "--no-lock"});
        EXPECT_EQ(listed.status, 0) << listed.err;
        return listed.out;
    }
    // Whether a lock file is in the local repository's locks/ (restic's repository layout).
    bool lock_file_present() const {
        std::error_code error;
        return !std::filesystem::is_empty(local_repository() / "locks", error) && !error;
    }
};

TEST_F(KilledPush, APushKilledAtRandomLeavesNoLockAfterTheNextRemoteCommand) {
    configure(root(), local_repository().string(), password_file());
    auto record = commission({"--name", "wiki", "--ip", "127.0.7.21"});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    write_filler(directory / "mapping-volumes/data/filler", 300, 64 * 1024);
    auto first = girofle({"backup", "wiki", "--remote"});
    ASSERT_EQ(first.status, 0) << first.err;

    std::mt19937 random(7);
    const int trials = trial_count(10, 3);
    int killed_with_a_lock = 0;
    for (int trial = 0; trial < trials; ++trial) {
        // New data each time, so each push has something to upload while it is killed.
        write_filler(directory / ("mapping-volumes/data/trial-" + std::to_string(trial)), 60, 64 * 1024);
        auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "backup", "wiki", "--remote"},
                                    .env = {{"GIROFLE_CRON_DIR", test_cron_directory(root()).string()}}});
        ASSERT_TRUE(child);
        // Wait for restic's lock file, then kill at a random moment of the upload. The first
        // trial kills as soon as the file appears, so that at least one kill surely leaves a
        // lock whatever the machine's speed (asking restic itself takes longer than a push).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!lock_file_present() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const int delay_ms = trial == 0 ? 0 : std::uniform_int_distribution<>(0, 400)(random);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ASSERT_TRUE(kill_and_wait_until_reaped(*child, std::chrono::seconds(30))) << "trial " << trial;
        if (!locks().empty()) ++killed_with_a_lock;

        auto checked = girofle({"remote", "check"});
        EXPECT_EQ(checked.status, 0) << "trial " << trial << ": " << checked.err;
        EXPECT_EQ(locks(), "") << "trial " << trial;
    }
    EXPECT_GE(killed_with_a_lock, 1) << "no kill left a lock: the trials proved nothing";
    // The snapshots the killed pushes left pending go with the next push.
    auto next = girofle({"backup", "wiki", "--remote"});
    EXPECT_EQ(next.status, 0) << next.err;
    EXPECT_EQ(girofle({"remote", "check", "--read-data"}).status, 0);
    RecordProperty("kills_that_left_a_lock", killed_with_a_lock);
}

TEST_F(KilledPush, ALockOfALiveResticIsBusyNotDamage) {
    configure(root(), local_repository().string(), password_file());
    ASSERT_EQ(run_command({"restic", "-r", local_repository().string(), "--password-file", password_file().string(),
                           "init"}).status, 0);
    // A live restic of this host holding its lock: a backup reading stdin, which stays open
    // until the test waits for it. `restic unlock` must leave that lock alone.
    auto holder = start_process({.argv = {"restic", "-r", local_repository().string(), "--password-file",
                                          password_file().string(), "backup", "--stdin", "--stdin-filename", "held"},
                                 .stdin_data = "held until the test waits\n"});
    ASSERT_TRUE(holder);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (locks().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_FALSE(locks().empty()) << "restic took no lock";
    auto checked = girofle({"remote", "check"});
    EXPECT_FALSE(locks().empty()) << "the live process's lock was removed";
    EXPECT_EQ(holder->wait().exit_code, 0);
    EXPECT_EQ(checked.status, 1);
    EXPECT_NE(checked.err.find("busy: locked by another restic process"), std::string::npos) << checked.err;
    EXPECT_EQ(checked.err.find("damaged"), std::string::npos) << checked.err;
}

}  // namespace
}  // namespace girofle::testing
