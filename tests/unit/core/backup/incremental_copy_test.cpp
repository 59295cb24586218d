#include "core/backup/incremental_copy.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "adapters/process/posix_process_runner.hpp"
#include "support/snapshot_trees.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::a_moment_between;
using testing::left_for_rsync;
using testing::read_file;
using testing::rewrite_keeping_mtime;
using testing::same_inode;
using testing::stat_of;
using testing::TempDir;
using testing::write_file;

// A previous snapshot of the volumes, then `since`, then whatever each test changes.
class IncrementalCopy : public ::testing::Test {
protected:
    void SetUp() override {
        for (int i = 0; i < 20; ++i) write_file(dir / "volumes/data/repos" / ("r" + std::to_string(i)), "pack " + std::to_string(i));
        write_file(dir / "volumes/data/deep/er/ref", "aaaa");
        write_file(dir / "volumes/config/gitlab.rb", "external_url");
        ASSERT_EQ(::chmod((dir / "volumes/config").c_str(), 0750), 0);
        ASSERT_EQ(::symlink("../data/deep", (dir / "volumes/config/link").c_str()), 0);
        write_file(dir / "volumes/data/twins/one", "hard-linked");
        ASSERT_EQ(::link((dir / "volumes/data/twins/one").c_str(), (dir / "volumes/data/twins/two").c_str()), 0);
        // Two directories whose files rsync's quick check cannot tell apart: the same size,
        // mtime, mode and owner (a `cp -p` or a tar extraction gives that).
        write_file(dir / "volumes/data/r1/cfg/settings", "version=1");
        write_file(dir / "volumes/data/r1/cfg.new/settings", "version=2");
        for (const char* name : {"cfg", "cfg.new"}) set_mtime(dir / "volumes/data/r1" / name / "settings", 1'700'000'000);
        // Taken as a backup takes its first snapshot: the record comes from the same walk.
        std::filesystem::create_directory(dir / "previous");
        auto first = copy_incrementally(runner, {.source = dir / "volumes", .destination = dir / "previous"}, 0, {});
        ASSERT_TRUE(first) << first.error().message();
        ASSERT_TRUE(first->directories);
        recorded = first->directories;
        since = a_moment_between();
        std::filesystem::create_directory(dir / "next");
        copy = {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "previous"};
    }

    Result<IncrementalCopyStats> copied() { return copy_incrementally(runner, copy, since, recorded); }

    // `rm -rf cfg; mv cfg.new cfg`: the files keep their ctimes, only the directory's inode tells.
    void replace_cfg_by_cfg_new() {
        std::filesystem::remove_all(dir / "volumes/data/r1/cfg");
        std::filesystem::rename(dir / "volumes/data/r1/cfg.new", dir / "volumes/data/r1/cfg");
    }

    static void set_mtime(const std::filesystem::path& path, std::time_t seconds) {
        const struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
        ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
    }

    TempDir dir;
    PosixProcessRunner runner;
    FileTime since = 0;
    std::optional<DirectoryInodes> recorded;
    TreeCopy copy;
};

TEST_F(IncrementalCopy, UnchangedFilesAreLinkedWithoutRsyncAndTheCopyIsExact) {
    write_file(dir / "volumes/data/repos/r3", "pack 3 grown");
    write_file(dir / "volumes/data/new/file", "new");
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    EXPECT_EQ(read_file(dir / "next/data/repos/r3"), "pack 3 grown");
    EXPECT_EQ(read_file(dir / "previous/data/repos/r3"), "pack 3");
    // The 19 other repos, the deep ref, the two settings and gitlab.rb, linked by Girofle itself; the rewritten
    // and the new file copied by Girofle, hashed as written; the hard-linked twins, the symlink and the
    // directories, by rsync.
    EXPECT_EQ(stats->linked, 23u);
    EXPECT_EQ(stats->copied, 2u);
    EXPECT_EQ(stats->copied_bytes, std::string("pack 3 grown").size() + 3);
    ASSERT_EQ(stats->written.size(), 2u);
    InodeHashCache hashes;
    hashes.load_written(std::move(stats->written));
    EXPECT_EQ(to_hex(hashes.find_written(stat_of(dir / "next/data/new/file")).value()), sha256_hex("new"));
    EXPECT_EQ(to_hex(hashes.find_written(stat_of(dir / "next/data/repos/r3")).value()), sha256_hex("pack 3 grown"));
    EXPECT_FALSE(hashes.find_written(stat_of(dir / "next/data/repos/r0"))) << "linked, not written";
    EXPECT_EQ(stats->listed, 1u + 10u + 3u) << "the top; data, repos, deep, er, config, twins, r1, cfg, cfg.new, new; 3 others";
    EXPECT_TRUE(same_inode(dir / "next/data/repos/r0", dir / "previous/data/repos/r0"));
    EXPECT_TRUE(same_inode(dir / "next/config/gitlab.rb", dir / "previous/config/gitlab.rb"));
    EXPECT_FALSE(same_inode(dir / "next/data/repos/r3", dir / "previous/data/repos/r3"));
    // Hard links among the volumes' files stay one file, shared with the previous snapshot.
    EXPECT_TRUE(same_inode(dir / "next/data/twins/one", dir / "next/data/twins/two"));
    EXPECT_TRUE(same_inode(dir / "next/data/twins/one", dir / "previous/data/twins/one"));
}

TEST_F(IncrementalCopy, ARewriteWhoseMtimeWasPutBackIsCopiedAgain) {
    rewrite_keeping_mtime(dir / "volumes/data/deep/er/ref", "bbbb");
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->copied_again, 1u);
    EXPECT_EQ(read_file(dir / "next/data/deep/er/ref"), "bbbb");
    EXPECT_EQ(read_file(dir / "previous/data/deep/er/ref"), "aaaa");
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
}

TEST_F(IncrementalCopy, ARenamedDirectoryAndANewFileAtItsOldPathAreBothRight) {
    std::filesystem::rename(dir / "volumes/data/deep", dir / "volumes/data/moved");
    write_file(dir / "volumes/data/deep/er/ref", "cccc");  // the old path, now another file
    ASSERT_EQ(::chmod((dir / "volumes/config").c_str(), 0700), 0);
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    EXPECT_EQ(read_file(dir / "next/data/moved/er/ref"), "aaaa");
    EXPECT_EQ(read_file(dir / "next/data/deep/er/ref"), "cccc");
    EXPECT_EQ(stat_of(dir / "next/config").st_mode & 07777, 0700u);
    EXPECT_EQ(stat_of(dir / "previous/config").st_mode & 07777, 0750u);
}

TEST_F(IncrementalCopy, AChangedAttributeMakesANewFileAndLeavesThePreviousSnapshotAlone) {
    ASSERT_EQ(::chmod((dir / "volumes/data/repos/r5").c_str(), 0600), 0);
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    EXPECT_FALSE(same_inode(dir / "next/data/repos/r5", dir / "previous/data/repos/r5"));
    EXPECT_EQ(stat_of(dir / "previous/data/repos/r5").st_mode & 07777, 0644u);
}

// A directory replaced by another whose files look alike to rsync (`rm -rf cfg; mv cfg.new
// cfg`): the files keep their ctimes, only the directory's inode number tells.
TEST_F(IncrementalCopy, AReplacedDirectorysFilesAreComparedByContent) {
    replace_cfg_by_cfg_new();
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(read_file(dir / "next/data/r1/cfg/settings"), "version=2");
    EXPECT_EQ(read_file(dir / "previous/data/r1/cfg/settings"), "version=1");
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    EXPECT_EQ(stats->copied_again, 1u);
}

TEST_F(IncrementalCopy, TwoSwappedDirectoriesAreBothRight) {
    const auto r1 = dir / "volumes/data/r1";
    std::filesystem::rename(r1 / "cfg", r1 / "swap");
    std::filesystem::rename(r1 / "cfg.new", r1 / "cfg");
    std::filesystem::rename(r1 / "swap", r1 / "cfg.new");
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(read_file(dir / "next/data/r1/cfg/settings"), "version=2");
    EXPECT_EQ(read_file(dir / "next/data/r1/cfg.new/settings"), "version=1");
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
}

TEST_F(IncrementalCopy, WithoutARecordRsyncsQuickCheckKeepsAReplacedDirectoryStale) {
    // What the record is for, and what a snapshot taken before records existed still gets.
    replace_cfg_by_cfg_new();
    recorded.reset();
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(read_file(dir / "next/data/r1/cfg/settings"), "version=1");
}

TEST_F(IncrementalCopy, FromTheEpochEveryFileIsComparedByRsyncAndByContent) {
    // A previous snapshot whose files were never checked against quick-check misses: since 0.
    since = 0;
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->linked, 0u);
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    EXPECT_TRUE(same_inode(dir / "next/data/repos/r0", dir / "previous/data/repos/r0")) << "linked by rsync";
}

// A symlink in the previous snapshot where the volumes now have a directory (GitLab's user
// made `abslink -> /outside`, then a directory of copies of what is there): neither Girofle
// nor rsync's --link-dest may look files up through it and link the snapshot to a file
// outside it.
TEST_F(IncrementalCopy, NothingIsLinkedThroughASymlinkInThePreviousSnapshot) {
    write_file(dir / "outside/f", "host secret");
    write_file(dir / "outside/h", "host twin");
    for (const char* name : {"f", "h"}) set_mtime(dir / "outside" / name, 1'600'000'000);
    ASSERT_EQ(::symlink((dir / "outside").c_str(), (dir / "previous/data/abslink").c_str()), 0);
    std::filesystem::create_directory(dir / "volumes/data/abslink");
    for (const char* name : {"f", "h"})
        std::filesystem::copy_file(dir / "outside" / name, dir / "volumes/data/abslink" / name);
    for (const char* name : {"f", "h"}) set_mtime(dir / "volumes/data/abslink" / name, 1'600'000'000);
    ASSERT_EQ(::link((dir / "volumes/data/abslink/h").c_str(), (dir / "volumes/data/h.twin").c_str()), 0);
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    for (const char* name : {"f", "h"}) {
        EXPECT_FALSE(same_inode(dir / "next/data/abslink" / name, dir / "outside" / name)) << name;
        EXPECT_EQ(stat_of(dir / "outside" / name).st_nlink, 1u) << name;
    }
    EXPECT_TRUE(same_inode(dir / "next/data/abslink/h", dir / "next/data/h.twin"));
    // The cost: the hard-linked files are copied, not linked to the previous snapshot's.
    EXPECT_FALSE(same_inode(dir / "next/data/twins/one", dir / "previous/data/twins/one"));
}

// The space check counts what estimate_snapshot_space would, from the copy's own walk, and a
// refusal stops the copy before any file's data is written (links made by the walk cost none).
TEST_F(IncrementalCopy, TheSpaceCheckSeesWhatTheEstimateSeesAndARefusalWritesNoData) {
    write_file(dir / "volumes/data/repos/r3", std::string(10000, 'x'));
    write_file(dir / "volumes/data/new/file", "new");
    auto estimate = estimate_snapshot_space(copy.source, copy.link_dest);
    ASSERT_TRUE(estimate) << estimate.error().message();
    std::optional<SpaceEstimate> seen;
    auto refused = copy_incrementally(runner, copy, since, recorded, [&](const SpaceEstimate& to_write) -> Result<void> {
        seen = to_write;
        return fail(ErrorKind::no_space, "backups", "not enough space");
    });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::no_space);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->bytes, estimate->bytes);
    EXPECT_EQ(seen->inodes, estimate->inodes);
    // r3 (10,000 bytes: 3 blocks) and new/file (1 block) are written, with new/ itself; the rest is linked.
    EXPECT_GE(seen->bytes, 5u * 4096);
    EXPECT_FALSE(std::filesystem::exists(dir / "next/data/repos/r3"));
    EXPECT_FALSE(std::filesystem::exists(dir / "next/data/new/file"));
    EXPECT_TRUE(same_inode(dir / "next/config/gitlab.rb", dir / "previous/config/gitlab.rb")) << "a link: no data";
}

TEST_F(IncrementalCopy, ANonEmptyDestinationIsLeftToRsyncAlone) {
    write_file(dir / "next/stale", "left by someone");
    auto stats = copied();
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->linked, 0u);
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "") << "rsync --delete removed the stale file";
}

// GitLab runs during a freeze's live pass: what vanishes between the walk and rsync is skipped,
// not a failure and not a pass rsync could not finish (that would cost a full final pass).
class RemovingBeforeRsync : public ProcessRunner {
public:
    RemovingBeforeRsync(ProcessRunner& inner, std::filesystem::path doomed) : inner_(inner), doomed_(std::move(doomed)) {}
    Result<ProcessResult> run(const ProcessRequest& request) override {
        std::filesystem::remove_all(doomed_);
        return inner_.run(request);
    }

private:
    ProcessRunner& inner_;
    std::filesystem::path doomed_;
};

TEST_F(IncrementalCopy, ALiveSourcesEntriesThatVanishBeforeRsyncAreSkipped) {
    write_file(dir / "volumes/data/quarantine/incoming", "a push in flight");
    RemovingBeforeRsync removing(runner, dir / "volumes/data/quarantine");
    copy.live_source = true;
    auto stats = copy_incrementally(removing, copy, since, recorded);
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_FALSE(stats->rsync.incomplete);
    EXPECT_EQ(read_file(dir / "next/data/repos/r1"), "pack 1");
}

TEST_F(IncrementalCopy, AMissingDestinationOrSourceIsNamed) {
    copy.destination = dir / "absent";
    auto stats = copied();
    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().kind, ErrorKind::not_found);
    EXPECT_EQ(stats.error().object, (dir / "absent").string());

    copy.destination = dir / "next";
    copy.source = dir / "gone";
    stats = copied();
    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().kind, ErrorKind::not_found);
    EXPECT_EQ(stats.error().object, (dir / "gone").string());
}

}  // namespace
}  // namespace girofle
