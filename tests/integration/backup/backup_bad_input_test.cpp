// Acceptance: unknown backup, damaged snapshot, not enough space, a concurrent backup and
// the original restore form's argument errors: each with its message and exit status, and
// nothing changed.
#include <sys/mount.h>

#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class BackupBadInput : public GitlabTest {
protected:
    void SetUp() override {
        GitlabTest::SetUp();
        if (HasFatalFailure() || IsSkipped()) return;
        record_ = commission({"--name", "safe", "--ip", "127.0.0.66"});
        ASSERT_FALSE(record_.empty());
        directory_ = record_["directory"].get<std::string>();
        first_ = backup("safe")["id"];
        ASSERT_FALSE(first_.empty());
    }

    // `observable_state` plus the content of every backup file, so a refused command is
    // shown to have touched nothing.
    std::string state() const {
        std::string text = observable_state();
        text += run_command({"docker", "inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "noeud-gitlab-1-safe"}).out;
        return text;
    }

    void expect_refused(const std::vector<std::string>& args, int status, const std::string& message) {
        const std::string before = state();
        auto result = girofle(args);
        EXPECT_EQ(result.status, status) << describe(args) << "\n" << result.err;
        EXPECT_NE(result.err.find("girofle: error: " + message), std::string::npos)
            << "expected: " << message << "\ngot: " << result.err;
        EXPECT_EQ(state(), before) << describe(args) << " changed something";
    }

    nlohmann::json record_;
    std::filesystem::path directory_;
    std::string first_;
};

TEST_F(BackupBadInput, UnknownBackupId) {
    expect_refused({"restore", "safe", "--backup", "20200101T000000Z"}, 2,
                   "backup 20200101T000000Z: no such backup in " + (directory_ / "bckups").string());
    expect_refused({"verify", "safe", "--backup", "nonsense"}, 2, "backup nonsense: no such backup");
}

TEST_F(BackupBadInput, DamagedSnapshotFailsVerifyAndRestoreRefusesIt) {
    const auto secrets = directory_ / "bckups" / first_ / "config/gitlab-secrets.json";
    write_file(secrets, read_file(secrets) + " ");
    auto verified = girofle({"verify", "safe"});
    EXPECT_EQ(verified.status, 1);
    EXPECT_NE(verified.out.find(first_ + ": DAMAGED"), std::string::npos) << verified.out;
    EXPECT_NE(verified.out.find("config/gitlab-secrets.json: content differs from the backup"), std::string::npos);
    EXPECT_NE(verified.err.find("girofle: error: instance 'safe': 1 of 1 backup(s) damaged"), std::string::npos);
    expect_refused({"restore", "safe", "--backup", first_}, 1,
                   "backup " + first_ + ": damaged, restore refused: 1 problem(s), first: config/gitlab-secrets.json");
    // Without an ID, there is no usable backup left to fall back on.
    expect_refused({"restore", "safe"}, 2, "instance 1 (noeud-gitlab-1-safe): has no usable backup");
    auto listing = girofle({"backups", "safe"});
    EXPECT_NE(listing.out.find("DAMAGED"), std::string::npos) << listing.out;
}

TEST_F(BackupBadInput, ConcurrentBackupIsBusy) {
    write_filler(directory_ / "mapping-volumes/data/filler", 1500, 64 * 1024);
    auto first = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "backup", "safe"}});
    ASSERT_TRUE(first);
    // Wait until the first run is copying: its .partial exists.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto copying = [&] {
        for (const auto& entry : std::filesystem::directory_iterator(directory_ / "bckups"))
            if (entry.path().filename().string().ends_with(".partial")) return true;
        return false;
    };
    while (!copying() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_TRUE(copying());
    auto second = girofle({"backup", "safe"});
    EXPECT_EQ(second.status, 1);
    EXPECT_NE(second.err.find("girofle: error: instance 1: busy: backup (pid " + std::to_string(first->pid()) +
                              ") is in progress"),
              std::string::npos)
        << second.err;
    auto finished = first->wait();
    EXPECT_EQ(finished.exit_code, 0) << finished.err;
    EXPECT_EQ(backup_ids("safe").size(), 2u) << "the busy run made no second snapshot";
}

TEST_F(BackupBadInput, OriginalRestoreFormArgumentErrors) {
    expect_refused({"restore"}, 2, "restore: give INSTANCE, or CONTAINER DIRECTORY (no terminal to ask on)");
    auto one = girofle({"restore", "not-an-instance"});
    EXPECT_EQ(one.status, 2);
    EXPECT_EQ(one.err,
              "girofle: error: restore: 'not-an-instance' is not an instance (see girofle list --all); the original "
              "form needs both CONTAINER and DIRECTORY\n")
        << "one line, no help after it";
    expect_refused({"restore", "no-such-container", directory_.string()}, 2,
                   "container 'no-such-container': no such container in Docker");
    expect_refused({"restore", "noeud-gitlab-1-safe", "/nonexistent"}, 2, "directory /nonexistent: does not exist");
    const auto bare = scratch() / "bare";
    std::filesystem::create_directories(bare / "mapping-volumes/data");
    std::filesystem::create_directories(bare / "mapping-volumes/config");
    expect_refused({"restore", "noeud-gitlab-1-safe", bare.string()}, 2,
                   "directory " + bare.string() + ": has no mapping-volumes/log");
    std::filesystem::create_directories(bare / "mapping-volumes/log");
    expect_refused({"restore", "noeud-gitlab-1-safe", bare.string()}, 2,
                   "directory " + bare.string() + ": has no bckups/");
    std::filesystem::create_directories(bare / "bckups/20260101T000000Z.partial/data");
    expect_refused({"restore", "noeud-gitlab-1-safe", bare.string()}, 2,
                   "directory " + bare.string() + ": has no backup in bckups/ holding data, config and log");
    // With both right, the original form restores.
    auto restored = girofle({"restore", "noeud-gitlab-1-safe", directory_.string()});
    EXPECT_EQ(restored.status, 0) << restored.err;
}

// Not enough space: the root lives on a small tmpfs, and the data would not fit twice.
class BackupNoSpace : public GitlabTest {
protected:
    void TearDown() override {
        GitlabTest::TearDown();
        if (mounted_) ::umount2(root().c_str(), MNT_DETACH);
    }
    bool mounted_ = false;
};

TEST_F(BackupNoSpace, IsRefusedBeforeGitlabIsFrozen) {
    // The stand-in's database takes about 45 MiB; with the filler, about 101 MiB of 160.
    if (::mount("girofle-test", root().c_str(), "tmpfs", 0, "size=160m,mode=0755") != 0) {
        std::string reason = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
        if (std::getenv("CI")) FAIL() << reason;
        GTEST_SKIP() << reason;
    }
    mounted_ = true;
    auto record = commission({"--name", "full", "--ip", "127.0.0.67"});
    ASSERT_FALSE(record.empty());
    write_filler(std::filesystem::path(record["directory"].get<std::string>()) / "mapping-volumes/data/filler",
                 900, 64 * 1024);  // 56 MiB: a second copy cannot fit in what is left
    const std::string before = observable_state();
    auto result = girofle({"backup", "full"});
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("girofle: error: instance 1 (noeud-gitlab-1-full): not enough space for a backup in " +
                              (root() / "noeud-gitlab-1/bckups").string() + ": needs "),
              std::string::npos)
        << result.err;
    EXPECT_EQ(observable_state(), before);
    auto live = girofle({"--json", "status", "full"}).json();
    EXPECT_EQ(live["live_state"], "running (healthy)");
}

}  // namespace
}  // namespace girofle::testing
