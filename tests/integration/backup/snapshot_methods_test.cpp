// Acceptance (issue 13): on btrfs (the volumes a subvolume) freeze pauses GitLab only for an
// atomic snapshot, on XFS with reflinks only for a clone; either way the published snapshot is
// the usual one: incremental (hard links to the previous snapshot), verifiable, restorable,
// the same bytes a stopped copy gives, and a backup killed at any moment leaves nothing behind
// that the next run does not clear. Each on a real filesystem in a loop-mounted image.
#include <random>
#include <signal.h>
#include <sys/stat.h>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/loop_filesystem.hpp"
#include "support/process_tree.hpp"
#include "support/required_programs.hpp"
#include "support/trials.hpp"

namespace girofle::testing {
namespace {

struct MethodCase {
    std::string filesystem;  // what the root is on
    std::string method;      // what freeze must pick there
};

class SnapshotMethods : public GitlabTest, public ::testing::WithParamInterface<MethodCase> {
protected:
    void SetUp() override {
        GitlabTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        GIROFLE_REQUIRE_PROGRAMS("mkfs." + GetParam().filesystem, "mount", "cp");
        filesystem_.emplace(GetParam().filesystem, scratch() / "filesystem.img", root());
        ASSERT_FALSE(filesystem_->failure()) << *filesystem_->failure();
    }

    // Commissions `name` on `ip` with 25 MiB of files in its data volume.
    std::filesystem::path commission_with_data(const std::string& name, const std::string& ip) {
        auto record = commission({"--name", name, "--ip", ip});
        if (record.empty()) return {};
        const std::filesystem::path directory = record["directory"].get<std::string>();
        write_filler(directory / "mapping-volumes/data/filler", 400, 64 * 1024);
        write_file(directory / "mapping-volumes/data/filler/changing", "version 1\n");
        return directory;
    }

    std::optional<LoopFilesystem> filesystem_;
};

ino_t inode_of(const std::filesystem::path& path) {
    struct stat info {};
    ::lstat(path.c_str(), &info);
    return info.st_ino;
}

// Every entry under `tree` but those under `excluded` (relative paths): kind, mode, owner,
// size, modification time to the nanosecond, and a digest of a file's content or a link's
// target; one line each, sorted.
std::string tree_fingerprint(const std::filesystem::path& tree, const std::vector<std::string>& excluded) {
    std::vector<std::string> lines;
    for (auto it = std::filesystem::recursive_directory_iterator(tree); it != std::filesystem::recursive_directory_iterator();
         ++it) {
        const std::string relative = it->path().lexically_relative(tree).string();
        if (std::ranges::any_of(excluded, [&](const std::string& prefix) { return relative.starts_with(prefix); })) {
            if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
            continue;
        }
        struct stat info {};
        ::lstat(it->path().c_str(), &info);
        std::string content;
        if (S_ISREG(info.st_mode)) content = std::to_string(std::hash<std::string>{}(read_file(it->path())));
        if (S_ISLNK(info.st_mode)) content = std::filesystem::read_symlink(it->path()).string();
        const bool directory = S_ISDIR(info.st_mode);
        lines.push_back(relative + " " + std::to_string(info.st_mode) + " " + std::to_string(info.st_uid) + ":" +
                        std::to_string(info.st_gid) + " " + (directory ? "" : std::to_string(info.st_size)) + " " +
                        (directory ? "" : std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec)) +
                        " " + content);
    }
    std::ranges::sort(lines);
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

TEST_P(SnapshotMethods, FreezeUsesTheFilesystemAndPublishesTheUsualIncrementalSnapshot) {
    const auto directory = commission_with_data("inc", "127.0.0.81");
    ASSERT_FALSE(directory.empty());
    auto doctor = girofle({"--json", "doctor"});
    EXPECT_NE(doctor.out.find("noeud-gitlab-1-inc): " + GetParam().method + ": "), std::string::npos) << doctor.out;

    auto first = backup("inc");
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first["strategy"], "freeze");
    EXPECT_EQ(first["method"], GetParam().method);
    const auto second = backup("inc");
    write_file(directory / "mapping-volumes/data/filler/changing", "version 2, longer\n");
    const auto third = backup("inc");
    ASSERT_FALSE(third.empty());
    EXPECT_FALSE(std::filesystem::exists(directory / "mapping-volumes.frozen")) << "the still copy goes";
    RecordProperty("freeze_window_ms", std::to_string(third["freeze_window_ms"].get<long>()));

    const auto in = [&](const nlohmann::json& manifest, const std::string& file) {
        return directory / "bckups" / manifest["id"].get<std::string>() / "data/filler" / file;
    };
    EXPECT_EQ(inode_of(in(first, "dir-3/file-3")), inode_of(in(third, "dir-3/file-3")));
    EXPECT_EQ(inode_of(in(first, "changing")), inode_of(in(second, "changing")));
    EXPECT_NE(inode_of(in(second, "changing")), inode_of(in(third, "changing")));
    EXPECT_EQ(read_file(in(second, "changing")), "version 1\n");
    EXPECT_EQ(read_file(in(third, "changing")), "version 2, longer\n");
    auto verified = girofle({"verify", "inc"});
    EXPECT_EQ(verified.status, 0) << verified.out << verified.err;

    // What went in comes back out.
    write_file(directory / "mapping-volumes/data/filler/changing", "after the backup\n");
    auto restored = girofle({"restore", "inc", "--backup", third["id"].get<std::string>()});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(read_file(directory / "mapping-volumes/data/filler/changing"), "version 2, longer\n");
    EXPECT_EQ(read_file(directory / "mapping-volumes/data/filler/dir-3/file-3"), read_file(in(first, "dir-3/file-3")));
    EXPECT_EQ(backup("inc")["method"], GetParam().method) << "a restored instance keeps its snapshot method";
}

TEST_P(SnapshotMethods, TheSnapshotHoldsWhatAStoppedCopyHolds) {
    const auto directory = commission_with_data("same", "127.0.0.82");
    ASSERT_FALSE(directory.empty());
    const auto frozen = backup("same");
    ASSERT_EQ(frozen["method"], GetParam().method);
    const auto stopped = backup("same", {"--strategy", "stop"});
    ASSERT_EQ(stopped["strategy"], "stop");
    // Between the two, GitLab's database and logs move on by themselves (a stop writes a
    // shutdown checkpoint); nothing else may differ by a byte, an owner, a mode or a time. The
    // snapshots' own records are not the volumes (a clone records no directories).
    const std::vector<std::string> left_out = {"data/postgresql", "log", "manifest.json", "checksums.sha256",
                                               "directory-inodes"};
    const auto snapshot = [&](const nlohmann::json& manifest) {
        return directory / "bckups" / manifest["id"].get<std::string>();
    };
    const auto frozen_tree = tree_fingerprint(snapshot(frozen), left_out);
    EXPECT_GT(std::ranges::count(frozen_tree, '\n'), 400);
    EXPECT_EQ(frozen_tree, tree_fingerprint(snapshot(stopped), left_out));
}

TEST_P(SnapshotMethods, BackupsKilledAtRandomLeaveNothingTheNextRunDoesNotClear) {
    const auto directory = commission_with_data("kill", "127.0.0.83");
    ASSERT_FALSE(directory.empty());
    ASSERT_FALSE(backup("kill").empty());
    std::mt19937 random(13);
    int left_a_still_copy = 0;
    const int trials = trial_count(10, 3);
    for (int trial = 0; trial < trials; ++trial) {
        write_file(directory / "mapping-volumes/data/filler/trial", std::to_string(trial));
        auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "backup", "kill"}});
        ASSERT_TRUE(child);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<>(100, 1500)(random)));
        ASSERT_TRUE(kill_and_wait_until_reaped(*child, std::chrono::seconds(20)));
        if (std::filesystem::exists(directory / "mapping-volumes.frozen")) ++left_a_still_copy;
        for (const auto& id : backup_ids("kill")) EXPECT_EQ(id.find(".partial"), std::string::npos);
    }
    RecordProperty("kills_that_left_a_still_copy", left_a_still_copy);

    auto next = girofle({"backup", "kill"});
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_FALSE(std::filesystem::exists(directory / "mapping-volumes.frozen"));
    for (const auto& entry : std::filesystem::directory_iterator(directory / "bckups"))
        EXPECT_FALSE(entry.path().filename().string().ends_with(".partial")) << entry.path();
    auto paused = run_command({"docker", "inspect", "-f", "{{.State.Paused}}", "noeud-gitlab-1-kill"});
    EXPECT_TRUE(paused.out.starts_with("false")) << paused.out;
    const auto state_file = freezer_state_file("noeud-gitlab-1-kill");
    ASSERT_FALSE(state_file.empty());
    EXPECT_FALSE(frozen(state_file));
    auto verified = girofle({"verify", "kill"});
    EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
}

INSTANTIATE_TEST_SUITE_P(Filesystems, SnapshotMethods,
                         ::testing::Values(MethodCase{"btrfs", "btrfs-snapshot"}, MethodCase{"xfs", "reflink"}),
                         [](const auto& test_info) { return test_info.param.filesystem; });

}  // namespace
}  // namespace girofle::testing
