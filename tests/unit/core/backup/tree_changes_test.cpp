#include "core/backup/tree_changes.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "core/backup/incremental_copy.hpp"
#include "core/backup/rsync.hpp"
#include "support/commands.hpp"
#include "support/snapshot_trees.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;
using testing::a_moment_between;
using testing::left_for_rsync;
using testing::stat_of;
using testing::TempDir;
using testing::write_file;

bool lists(const std::vector<std::string>& entries, const std::string& entry) {
    return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

class TreeChangesTest : public ::testing::Test {
protected:
    void SetUp() override {
        write_file(dir / "volumes/data/same", "unchanged");
        write_file(dir / "volumes/data/ref", "aaaa");
        write_file(dir / "volumes/data/grown", "short");
        write_file(dir / "volumes/data/private", "mode");
        write_file(dir / "volumes/data/gone", "removed later");
        write_file(dir / "volumes/data/old-dir/inside", "removed with its directory");
        write_file(dir / "volumes/data/becomes-dir", "a file, then a directory");
        write_file(dir / "volumes/config/gitlab.rb", "external_url 'http://127.0.0.1'");
        ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "copy"}));
    }

    TempDir dir;
    PosixProcessRunner runner;
};

TEST_F(TreeChangesTest, NothingChangedSinceListsNothing) {
    const FileTime since = a_moment_between();
    auto changes = changes_since(dir / "volumes", dir / "copy", since);
    ASSERT_TRUE(changes) << changes.error().message();
    EXPECT_TRUE(changes->to_copy.empty()) << changes->to_copy.front();
    EXPECT_TRUE(changes->to_remove.empty());
    EXPECT_EQ(changes->entries, 11u);  // data and config, 7 entries of data, old-dir/inside, gitlab.rb
}

// Every kind of change GitLab can make while the live pass runs, applied after `since`; the
// listed entries copied with rsync --files-from must leave the copy exactly the source.
TEST_F(TreeChangesTest, WhatChangedSinceIsListedAndCopyingItMakesTheCopyExact) {
    const FileTime since = a_moment_between();
    // Same size, mtime put back: only the ctime tells (a git ref rewritten within its second).
    struct stat before {};
    ASSERT_EQ(::lstat((dir / "volumes/data/ref").c_str(), &before), 0);
    write_file(dir / "volumes/data/ref", "bbbb");
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "volumes/data/ref").c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
    write_file(dir / "volumes/data/grown", "longer than before");
    ASSERT_EQ(::chmod((dir / "volumes/data/private").c_str(), 0600), 0);
    std::filesystem::remove(dir / "volumes/data/gone");
    std::filesystem::remove_all(dir / "volumes/data/old-dir");
    std::filesystem::remove(dir / "volumes/data/becomes-dir");
    write_file(dir / "volumes/data/becomes-dir/file", "now inside a directory");
    write_file(dir / "volumes/data/new-dir/deeper/file", "new, two levels down");
    std::filesystem::create_symlink("same", dir / "volumes/data/link");
    std::filesystem::create_hard_link(dir / "volumes/data/same", dir / "volumes/config/same-again");

    auto changes = changes_since(dir / "volumes", dir / "copy", since);
    ASSERT_TRUE(changes) << changes.error().message();
    for (const char* entry : {"data/ref", "data/grown", "data/private", "data/becomes-dir", "data/becomes-dir/file",
                              "data/new-dir", "data/new-dir/deeper", "data/new-dir/deeper/file", "data/link",
                              "data/same", "config/same-again"})
        EXPECT_TRUE(lists(changes->to_copy, entry)) << entry;
    EXPECT_FALSE(lists(changes->to_copy, "config/gitlab.rb"));
    for (const char* entry : {"data/gone", "data/old-dir", "data/becomes-dir"})
        EXPECT_TRUE(lists(changes->to_remove, entry)) << entry;

    ASSERT_TRUE(remove_from_copy(dir / "copy", changes->to_remove));
    auto copied = copy_tree(runner, {.source = dir / "volumes", .destination = dir / "copy", .only = changes->to_copy});
    ASSERT_TRUE(copied) << copied.error().message();
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "copy"), "");
    EXPECT_EQ(testing::read_file(dir / "copy/data/ref"), "bbbb");
    struct stat first {}, second {};
    ASSERT_EQ(::lstat((dir / "copy/data/same").c_str(), &first), 0);
    ASSERT_EQ(::lstat((dir / "copy/config/same-again").c_str(), &second), 0);
    EXPECT_EQ(first.st_ino, second.st_ino) << "hard links stay hard links";
}

// A file whose ctime moved but whose content did not (written just before the live pass, or
// chmod back and forth) is listed, and must stay the hard link to the previous snapshot that
// the live pass made: a copy of it would cost its size again in every snapshot.
TEST_F(TreeChangesTest, AListedFileWhoseContentDidNotChangeStaysLinkedToThePreviousSnapshot) {
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "copy"}));
    const FileTime since = a_moment_between();
    ASSERT_EQ(::chmod((dir / "volumes/data/same").c_str(), 0600), 0);
    ASSERT_EQ(::chmod((dir / "volumes/data/same").c_str(), 0644), 0);
    auto changes = changes_since(dir / "volumes", dir / "next", since);
    ASSERT_TRUE(changes);
    ASSERT_TRUE(lists(changes->to_copy, "data/same"));
    ASSERT_TRUE(remove_from_copy(dir / "next", changes->to_remove));
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "copy",
                                   .only = changes->to_copy}));
    struct stat previous {}, next {};
    ASSERT_EQ(::lstat((dir / "copy/data/same").c_str(), &previous), 0);
    ASSERT_EQ(::lstat((dir / "next/data/same").c_str(), &next), 0);
    EXPECT_EQ(previous.st_ino, next.st_ino);
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
}

// Found by a user trial: a chmod, chown or touch after the live pass reached the previous
// snapshots, since rsync set the new attributes on the inode they share with the copy.
TEST_F(TreeChangesTest, AFileWhoseAttributesChangedGetsItsOwnInodeAndThePreviousSnapshotKeepsItsOwn) {
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "copy"}));
    struct stat before {};
    ASSERT_EQ(::lstat((dir / "copy/data/same").c_str(), &before), 0);
    const FileTime since = a_moment_between();
    ASSERT_EQ(::chmod((dir / "volumes/data/same").c_str(), 0600), 0);
    ASSERT_EQ(::lchown((dir / "volumes/data/ref").c_str(), 1234, 1234), 0);
    const struct timespec long_ago[2] = {{1000, 0}, {1000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "volumes/data/grown").c_str(), long_ago, AT_SYMLINK_NOFOLLOW), 0);
    auto changes = changes_since(dir / "volumes", dir / "next", since);
    ASSERT_TRUE(changes);
    ASSERT_TRUE(remove_from_copy(dir / "next", changes->to_remove));
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "copy",
                                   .only = changes->to_copy}));
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "next"), "");
    for (const char* name : {"same", "ref", "grown"}) {
        struct stat previous {}, next {};
        ASSERT_EQ(::lstat((dir / "copy/data" / name).c_str(), &previous), 0);
        ASSERT_EQ(::lstat((dir / "next/data" / name).c_str(), &next), 0);
        EXPECT_NE(previous.st_ino, next.st_ino) << name;
        EXPECT_EQ(previous.st_mode, before.st_mode) << name;
        EXPECT_EQ(previous.st_uid, before.st_uid) << name;
        EXPECT_NE(previous.st_mtim.tv_sec, 1000) << name;
    }
}

// Found by a user trial: two directories swapped while the live pass ran. Their files keep
// their ctimes and look alike to rsync; only the directories' inode numbers tell.
TEST_F(TreeChangesTest, DirectoriesSwappedAfterTheCopysWalkAreCopiedAgainWhole) {
    write_file(dir / "volumes/data/qA/f", "QQQQ-A");
    write_file(dir / "volumes/data/qB/f", "QQQQ-B");
    const struct timespec times[2] = {{1'600'000'000, 0}, {1'600'000'000, 0}};
    for (const char* name : {"qA/f", "qB/f"})
        ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "volumes/data" / name).c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
    const FileTime since = a_moment_between();
    std::filesystem::remove_all(dir / "copy");
    std::filesystem::create_directory(dir / "copy");
    auto copied = copy_incrementally(runner, {.source = dir / "volumes", .destination = dir / "copy"}, since, {});
    ASSERT_TRUE(copied) << copied.error().message();
    std::filesystem::rename(dir / "volumes/data/qA", dir / "volumes/data/qT");
    std::filesystem::rename(dir / "volumes/data/qB", dir / "volumes/data/qA");
    std::filesystem::rename(dir / "volumes/data/qT", dir / "volumes/data/qB");

    auto without_record = changes_since(dir / "volumes", dir / "copy", since);
    ASSERT_TRUE(without_record);
    EXPECT_FALSE(lists(without_record->to_copy, "data/qA/f")) << "what the record is for";
    auto changes = changes_since(dir / "volumes", dir / "copy", since, copied->directories);
    ASSERT_TRUE(changes) << changes.error().message();
    EXPECT_TRUE(lists(changes->to_remove, "data/qA"));
    EXPECT_TRUE(lists(changes->to_copy, "data/qA/f"));
    ASSERT_TRUE(remove_from_copy(dir / "copy", changes->to_remove));
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "copy", .only = changes->to_copy}));
    EXPECT_EQ(testing::read_file(dir / "copy/data/qA/f"), "QQQQ-B");
    EXPECT_EQ(testing::read_file(dir / "copy/data/qB/f"), "QQQQ-A");
    EXPECT_EQ(left_for_rsync(dir / "volumes", dir / "copy"), "");
    EXPECT_EQ(changes->directories.at("data/qA"), stat_of(dir / "volumes/data/qA").st_ino);
}

TEST_F(TreeChangesTest, AnEmptyListRunsNoRsyncAndAnUnreadableSourceIsNamed) {
    auto copied = copy_tree(runner, {.source = dir / "missing", .destination = dir / "copy", .only = std::vector<std::string>{}});
    ASSERT_TRUE(copied) << "nothing to copy: rsync, which would fail on the missing source, is not run";
    auto changes = changes_since(dir / "missing", dir / "copy", copy_start_time());
    ASSERT_FALSE(changes);
    EXPECT_EQ(changes.error().object, (dir / "missing").string());
    EXPECT_EQ(changes.error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace girofle
