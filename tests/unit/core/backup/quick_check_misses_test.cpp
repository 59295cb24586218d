#include "core/backup/quick_check_misses.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "support/snapshot_trees.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;
using testing::rewrite_keeping_mtime;
using testing::same_inode;
using testing::TempDir;
using testing::read_file;
using testing::write_file;

class QuickCheckMisses : public ::testing::Test {
protected:
    void SetUp() override {
        write_file(dir / "volumes/data/rewritten", "version 1");
        write_file(dir / "volumes/data/untouched", "the same all along");
        write_file(dir / "volumes/data/chmod-back-and-forth", "content kept");
        write_file(dir / "volumes/data/deep/er/rewritten", "version A");
        ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "previous"}));
        std::this_thread::sleep_for(50ms);  // ctime is stamped a clock tick behind
        since = copy_start_time(std::chrono::system_clock::now()) + 2'000'000'000;  // no margin: exact
        std::this_thread::sleep_for(50ms);
        rewrite_keeping_mtime(dir / "volumes/data/rewritten", "version 2");
        rewrite_keeping_mtime(dir / "volumes/data/deep/er/rewritten", "version B");
        ASSERT_EQ(::chmod((dir / "volumes/data/chmod-back-and-forth").c_str(), 0600), 0);
        ASSERT_EQ(::chmod((dir / "volumes/data/chmod-back-and-forth").c_str(), 0644), 0);
        copy = {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "previous"};
        ASSERT_TRUE(copy_tree(runner, copy));
    }

    TempDir dir;
    PosixProcessRunner runner;
    FileTime since = 0;
    TreeCopy copy;
};

TEST_F(QuickCheckMisses, RsyncAloneKeepsARewriteWhoseMtimeWasPutBackStale) {
    // What the check is for: the quick check linked both rewritten files.
    EXPECT_EQ(read_file(dir / "next/data/rewritten"), "version 1");
    EXPECT_TRUE(same_inode(dir / "next/data/deep/er/rewritten", dir / "previous/data/deep/er/rewritten"));
    auto misses = linked_but_changed_since(dir / "next", dir / "previous", dir / "volumes", since);
    ASSERT_TRUE(misses) << misses.error().message();
    std::sort(misses->begin(), misses->end());
    EXPECT_EQ(*misses, (std::vector<std::string>{"data/chmod-back-and-forth", "data/deep/er/rewritten", "data/rewritten"}));
}

TEST_F(QuickCheckMisses, CopiedAgainByContentChangedFilesAreNewAndTheRestStaysLinked) {
    auto again = copy_again_what_quick_check_missed(runner, copy, dir / "volumes", since);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->files_written, 2u);
    EXPECT_EQ(read_file(dir / "next/data/rewritten"), "version 2");
    EXPECT_EQ(read_file(dir / "next/data/deep/er/rewritten"), "version B");
    // The previous snapshot is untouched, and what did not change still shares its inode.
    EXPECT_EQ(read_file(dir / "previous/data/rewritten"), "version 1");
    EXPECT_EQ(read_file(dir / "previous/data/deep/er/rewritten"), "version A");
    for (const char* name : {"untouched", "chmod-back-and-forth"})
        EXPECT_TRUE(same_inode(dir / "next/data" / name, dir / "previous/data" / name)) << name;
    EXPECT_FALSE(same_inode(dir / "next/data/rewritten", dir / "previous/data/rewritten"));
    // Once copied, nothing is left to find.
    auto left = linked_but_changed_since(dir / "next", dir / "previous", dir / "volumes", since);
    ASSERT_TRUE(left);
    EXPECT_EQ(*left, (std::vector<std::string>{"data/chmod-back-and-forth"}));
}

TEST_F(QuickCheckMisses, FilesUnchangedSinceThePreviousSnapshotAreNotReadAndNoLinkDestMeansNothingToDo) {
    auto misses = linked_but_changed_since(dir / "next", dir / "previous", dir / "volumes",
                                           copy_start_time(std::chrono::system_clock::now()) + 4'000'000'000);
    ASSERT_TRUE(misses);
    EXPECT_TRUE(misses->empty());
    TreeCopy without = copy;
    without.link_dest.reset();
    auto nothing = copy_again_what_quick_check_missed(runner, without, dir / "volumes", since);
    ASSERT_TRUE(nothing);
    EXPECT_EQ(nothing->files_written, 0u);
    EXPECT_EQ(read_file(dir / "next/data/rewritten"), "version 1");  // left as it was: not asked
}

}  // namespace
}  // namespace girofle
