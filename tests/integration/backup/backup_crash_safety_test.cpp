// Acceptance: kill -9 the backup at random moments, some while GitLab is frozen. No .partial
// is ever listed or restored, earlier snapshots still verify, and the next run leaves the
// instance running.
#include <random>
#include <sstream>
#include <signal.h>
#include <sys/wait.h>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

class BackupCrashSafety : public GitlabTest {
protected:
    bool paused() const {
        auto inspected = run_command({"docker", "inspect", "-f", "{{.State.Paused}}", "noeud-gitlab-1-crash"});
        return inspected.out.starts_with("true");
    }

    static std::string cgroup_version(const std::filesystem::path& state_file) {
        return state_file.filename() == "freezer.state" ? "1" : "2";
    }

    // The journal a freeze backup killed inside its window leaves in the instance's directory
    // (the kill trials above leave real ones).
    static void leave_journal_of_a_killed_freeze(const nlohmann::json& record) {
        write_file(
            std::filesystem::path(record["directory"].get<std::string>()) /
                "operation-in-progress.json",
            R"({"operation":"backup --strategy freeze","pid":4194301,"started_at":"2026-12-01T00:00:00Z",)"
            R"("paused":true})");
    }

    // The operations log's last entry for `operation`.
    nlohmann::json last_logged(const std::string& operation) const {
        nlohmann::json found;
        std::istringstream lines(read_file(root() / "logs/operations.jsonl"));
        for (std::string line; std::getline(lines, line);)
            if (auto entry = nlohmann::json::parse(line, nullptr, false); entry.value("operation", "") == operation)
                found = entry;
        return found;
    }
};

TEST_F(BackupCrashSafety, KilledRunsNeverLeaveAHalfSnapshotOrAFrozenInstance) {
    auto record = commission({"--name", "crash", "--ip", "127.0.0.62"});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    // Enough data that a backup takes a while, so kills land in every phase.
    write_filler(directory / "mapping-volumes/data/filler", 1500, 64 * 1024);
    ASSERT_FALSE(backup("crash").empty());

    const auto state_file = freezer_state_file("noeud-gitlab-1-crash");
    ASSERT_FALSE(state_file.empty()) << "no cgroup freezer state for the container";
    std::mt19937 random(2026);
    int killed_while_frozen = 0;
    const int trials = trial_count(20, 8);
    for (int trial = 0; trial < trials; ++trial) {
        // New data every time, so each run has a final pass with work to do.
        write_file(directory / "mapping-volumes/data/filler/trial", std::to_string(trial));
        auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "backup", "crash"}});
        ASSERT_TRUE(child);
        const bool wait_for_freeze = trial % 2 == 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        if (wait_for_freeze) {
            while (!frozen(state_file) && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            if (frozen(state_file)) ++killed_while_frozen;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<>(0, 900)(random)));
        }
        ::kill(child->pid(), SIGKILL);
        child->wait();

        for (const auto& id : backup_ids("crash")) EXPECT_EQ(id.find(".partial"), std::string::npos);
    }
    // Every other trial waits for the pause before it kills.
    EXPECT_GE(killed_while_frozen, std::min(3, trials / 2)) << "some kills must land while GitLab is frozen";

    // The next run thaws GitLab if it was left frozen, removes leftovers, and succeeds; it
    // froze GitLab through its cgroup, which Docker does not see.
    auto next = girofle({"backup", "crash"});
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_FALSE(paused());
    EXPECT_FALSE(frozen(state_file));
    EXPECT_EQ(last_logged("backup").value("paused_with", ""), "the cgroup v" + cgroup_version(state_file) +
                                                                  " freezer at " + state_file.parent_path().string());
    // Health checks that ran while GitLab was frozen count as failures: it must recover.
    std::string live;
    for (int i = 0; i < 60 && live != "running (healthy)"; ++i) {
        live = girofle({"--json", "status", "crash"}).json()["live_state"];
        if (live != "running (healthy)") std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    EXPECT_EQ(live, "running (healthy)");
    for (const auto& entry : std::filesystem::directory_iterator(directory / "bckups"))
        EXPECT_FALSE(entry.path().filename().string().ends_with(".partial")) << entry.path();
    auto verified = girofle({"verify", "crash"});
    EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
    RecordProperty("killed_while_frozen", killed_while_frozen);
}

TEST_F(BackupCrashSafety, AnInstanceLeftPausedIsResumedAndSaidSo) {
    auto record = commission({"--name", "crash", "--ip", "127.0.0.63"});
    ASSERT_FALSE(record.empty());
    // Docker's pause, as a backup that cannot reach the cgroup freezer makes it, then killed.
    leave_journal_of_a_killed_freeze(record);
    ASSERT_EQ(run_command({"docker", "pause", "noeud-gitlab-1-crash"}).status, 0);
    auto next = girofle({"backup", "crash"});
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_NE(next.err.find("backup --strategy freeze (pid 4194301) was interrupted; resumed the "
                            "GitLab it left paused"),
              std::string::npos)
        << next.err;
    EXPECT_FALSE(paused());
}

TEST_F(BackupCrashSafety, ItsOperatorsDockerPauseIsLeftAloneAndBackedUpCold) {
    auto record = commission({"--name", "crash", "--ip", "127.0.0.70"});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    const auto volumes = directory / "mapping-volumes";
    write_file(volumes / "data/written-before-the-pause", "kept");
    ASSERT_EQ(run_command({"docker", "pause", "noeud-gitlab-1-crash"}).status, 0);

    auto backed_up = girofle({"backup", "crash"});
    ASSERT_EQ(backed_up.status, 0) << backed_up.err;
    EXPECT_NE(
        backed_up.err.find(
            "GitLab is paused (docker pause), not by Girofle: a cold copy, and GitLab stays so"),
        std::string::npos)
        << backed_up.err;
    EXPECT_TRUE(paused()) << "a backup leaves its operator's pause";
    EXPECT_EQ(last_logged("backup").value("strategy", ""), "cold");
    const auto id = backup_ids("crash").back();
    EXPECT_EQ(read_file(directory / "bckups" / id / "data/written-before-the-pause"), "kept");

    auto doctor = girofle({"doctor"});
    EXPECT_NE(doctor.out.find("GitLab is paused (docker pause), not by Girofle"), std::string::npos)
        << doctor.out;
    EXPECT_NE(doctor.out.find("fix: docker unpause noeud-gitlab-1-crash"), std::string::npos)
        << doctor.out;
    auto fixed = girofle({"doctor", "--fix"});
    EXPECT_NE(fixed.out.find("GitLab is paused (docker pause), not by Girofle"), std::string::npos)
        << "the problem stays until its operator unpauses: " << fixed.out;
    EXPECT_TRUE(paused());

    auto decommissioned = girofle({"decommission", "crash"});
    EXPECT_EQ(decommissioned.status, 1);
    EXPECT_NE(decommissioned.err.find("then try again"), std::string::npos) << decommissioned.err;
    EXPECT_TRUE(paused());
    EXPECT_EQ(girofle({"--json", "status", "crash"}).json()["state"], "active");
    ASSERT_EQ(run_command({"docker", "unpause", "noeud-gitlab-1-crash"}).status, 0);
}

TEST_F(BackupCrashSafety, AnInstanceLeftFrozenBehindDockersBackIsThawedAndSaidSo) {
    auto record = commission({"--name", "crash", "--ip", "127.0.0.69"});
    ASSERT_FALSE(record.empty());
    const auto state_file = freezer_state_file("noeud-gitlab-1-crash");
    ASSERT_FALSE(state_file.empty()) << "no cgroup freezer state for the container";
    // What a backup killed inside its window leaves: its journal, and the kernel holding
    // GitLab while Docker says running.
    leave_journal_of_a_killed_freeze(record);
    const auto control = state_file.filename() == "freezer.state" ? state_file : state_file.parent_path() / "cgroup.freeze";
    write_file(control, control == state_file ? "FROZEN" : "1");
    ASSERT_FALSE(paused());
    EXPECT_EQ(girofle({"--json", "status", "crash"}).json()["live_state"], "frozen");
    auto doctor = girofle({"doctor"});
    EXPECT_NE(doctor.out.find("an interrupted Girofle operation left GitLab frozen (the cgroup v"), std::string::npos) << doctor.out;
    auto next = girofle({"backup", "crash"});
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_NE(next.err.find("backup --strategy freeze (pid 4194301) was interrupted; thawed the "
                            "GitLab it left frozen"),
              std::string::npos)
        << next.err;
    EXPECT_FALSE(frozen(state_file));
}

TEST_F(BackupCrashSafety, CtrlCDuringTheFreezeThawsAndLeavesNoPartial) {
    auto record = commission({"--name", "crash", "--ip", "127.0.0.64"});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    write_filler(directory / "mapping-volumes/data/filler", 1500, 64 * 1024);
    const auto state_file = freezer_state_file("noeud-gitlab-1-crash");
    ASSERT_FALSE(state_file.empty()) << "no cgroup freezer state for the container";
    auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "backup", "crash"}});
    ASSERT_TRUE(child);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!frozen(state_file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    ASSERT_TRUE(frozen(state_file)) << "the backup never froze GitLab";
    ::kill(child->pid(), SIGINT);
    auto result = child->wait();
    EXPECT_FALSE(paused());
    EXPECT_FALSE(frozen(state_file));
    if (result.exit_code != 0) {  // the freeze may have ended just before the signal
        EXPECT_EQ(result.exit_code, 1);
        EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.err;
    }
    for (const auto& entry : std::filesystem::directory_iterator(directory / "bckups"))
        EXPECT_FALSE(entry.path().filename().string().ends_with(".partial")) << entry.path();
}

}  // namespace
}  // namespace girofle::testing
