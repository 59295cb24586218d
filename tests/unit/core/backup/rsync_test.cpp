#include "core/backup/rsync.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "adapters/process/posix_process_runner.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;
using testing::write_file;

TEST(Rsync, KeepsEverythingGitlabNeedsAndComparesMtimesToTheNanosecond) {
    auto argv = rsync_argv({.source = "/v", .destination = "/b/x.partial", .link_dest = "/b/prev"});
    EXPECT_EQ(argv, (std::vector<std::string>{"rsync", "-aHAX", "--numeric-ids", "--delete", "--modify-window=-1",
                                              "--stats", "--link-dest=/b/prev", "/v/", "/b/x.partial/"}));
    auto listed = rsync_argv({.source = "/v", .destination = "/b/x.partial", .only = std::vector<std::string>{"data"}});
    EXPECT_EQ(listed, (std::vector<std::string>{"rsync", "-aHAX", "--numeric-ids", "--files-from=-", "--from0",
                                                "--checksum", "--modify-window=-1", "--stats", "/v/",
                                                "/b/x.partial/"}));
    // A live tree's list, compared as rsync alone would: what vanished since it was listed is skipped.
    auto live = rsync_argv({.source = "/v",
                            .destination = "/b/x.partial",
                            .live_source = true,
                            .only = std::vector<std::string>{"data"},
                            .only_compared_by = Comparison::size_and_mtime});
    EXPECT_EQ(live, (std::vector<std::string>{"rsync", "-aHAX", "--numeric-ids", "--files-from=-", "--from0",
                                              "--ignore-missing-args", "--modify-window=-1", "--stats", "/v/",
                                              "/b/x.partial/"}));
}

TEST(Rsync, ParsesStats) {
    auto stats = parse_rsync_stats(
        "Number of files: 1,234 (reg: 1,000, dir: 230, link: 4)\n"
        "Number of regular files transferred: 17\n"
        "Total transferred file size: 12,345,678 bytes\n");
    EXPECT_EQ(stats.entries, 1234u);
    EXPECT_EQ(stats.directories, 230u);
    EXPECT_EQ(stats.files_written, 17u);
    EXPECT_EQ(stats.bytes_written, 12345678u);
}

// The reason for --modify-window=-1: a same-size rewrite within the same second.
TEST(Rsync, ASameSizeRewriteWithinTheSecondIsCopied) {
    TempDir dir;
    PosixProcessRunner runner;
    for (int trial = 0; trial < 5; ++trial) {
        write_file(dir / "src/ref", "AAAA");
        ASSERT_TRUE(copy_tree(runner, {.source = dir / "src", .destination = dir / "dst"}));
        write_file(dir / "src/ref", "BBBB");
        ASSERT_TRUE(copy_tree(runner, {.source = dir / "src", .destination = dir / "dst"}));
        EXPECT_EQ(testing::read_file(dir / "dst/ref"), "BBBB") << "trial " << trial;
    }
}

TEST(Rsync, UnchangedFilesBecomeHardLinksToThePreviousSnapshot) {
    TempDir dir;
    PosixProcessRunner runner;
    write_file(dir / "src/same", "same");
    write_file(dir / "src/changed", "v1");
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "src", .destination = dir / "s1"}));
    write_file(dir / "src/changed", "v2");
    auto stats = copy_tree(runner, {.source = dir / "src", .destination = dir / "s2", .link_dest = dir / "s1"});
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->files_written, 1u);
    struct stat a {}, b {};
    ::stat((dir / "s1/same").c_str(), &a);
    ::stat((dir / "s2/same").c_str(), &b);
    EXPECT_EQ(a.st_ino, b.st_ino);
    ::stat((dir / "s1/changed").c_str(), &a);
    ::stat((dir / "s2/changed").c_str(), &b);
    EXPECT_NE(a.st_ino, b.st_ino);
    EXPECT_EQ(testing::read_file(dir / "s1/changed"), "v1");
}

}  // namespace
}  // namespace girofle
