#include "core/backup/space_estimate.hpp"

#include <gtest/gtest.h>

#include "adapters/process/posix_process_runner.hpp"
#include "core/backup/rsync.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;
using testing::write_file;

TEST(SpaceEstimate, CountsWhatTheCopyWillWriteAndNotWhatItWillLink) {
    TempDir dir;
    write_file(dir / "volumes/data/same", std::string(10000, 's'));
    write_file(dir / "volumes/data/changed", std::string(10000, 'c'));
    PosixProcessRunner runner;
    ASSERT_TRUE(copy_tree(runner, {.source = dir / "volumes", .destination = dir / "previous"}));

    auto full = estimate_snapshot_space(dir / "volumes", std::nullopt);
    ASSERT_TRUE(full);
    EXPECT_EQ(full->bytes, 2 * 12288u + 2 * 4096u);  // two files of three blocks, two directories

    write_file(dir / "volumes/data/changed", std::string(10000, 'C'));
    write_file(dir / "volumes/data/new/file", std::string(5000, 'n'));
    auto incremental = estimate_snapshot_space(dir / "volumes", dir / "previous");
    ASSERT_TRUE(incremental);
    EXPECT_EQ(incremental->bytes, 12288u + 8192u + 3 * 4096u);  // changed, new file, three directories

    // What the copy then really wrote agrees: the unchanged file is linked.
    auto stats = copy_tree(runner, {.source = dir / "volumes", .destination = dir / "next", .link_dest = dir / "previous"});
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->files_written, 2u);
}

}  // namespace
}  // namespace girofle
