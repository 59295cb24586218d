#include "core/file_io.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;

mode_t mode_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

std::size_t entries_in(const std::filesystem::path& directory) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(directory), {}));
}

TEST(WriteFileAtomically, TheFileHasExactlyTheGivenModeWhateverTheUmask) {
    TempDir dir;
    const auto old_umask = ::umask(0);
    auto written = write_file_atomically(dir / "cron-file", "line\n", 0644);
    ::umask(old_umask);
    ASSERT_TRUE(written) << written.error().message();
    EXPECT_EQ(mode_of(dir / "cron-file"), 0644u);
    ASSERT_TRUE(write_file_atomically(dir / "secret", "s3cret", 0600));
    EXPECT_EQ(mode_of(dir / "secret"), 0600u);
    EXPECT_EQ(testing::read_file(dir / "secret"), "s3cret");
    EXPECT_EQ(entries_in(dir.path()), 2u) << "no temporary file is left behind";
}

TEST(WriteFileAtomically, APlantedSymlinkOrStaleTemporaryIsNeitherFollowedNorReused) {
    TempDir dir;
    testing::write_file(dir / "victim", "keep me");
    std::filesystem::create_symlink(dir / "victim", dir / "schedule.tmp");
    testing::write_file(dir / ".schedule.tmp", "stale");
    ::chmod((dir / ".schedule.tmp").c_str(), 0666);
    ASSERT_TRUE(write_file_atomically(dir / "schedule", "new", 0600));
    EXPECT_EQ(testing::read_file(dir / "victim"), "keep me");
    EXPECT_EQ(mode_of(dir / "schedule"), 0600u);
    EXPECT_EQ(testing::read_file(dir / "schedule"), "new");
}

TEST(WriteFileAtomically, AFailureNamesTheFileAndLeavesNothing) {
    TempDir dir;
    auto written = write_file_atomically(dir / "missing" / "file", "x", 0600);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().kind, ErrorKind::not_found);
    EXPECT_EQ(written.error().object, (dir / "missing" / "file").string());
    EXPECT_EQ(entries_in(dir.path()), 0u);
}

// A file written in pieces replaces the old one only when committed: abandoned halfway (an
// error, a crash of the step producing it), the old content stays and no temporary is left.
TEST(AtomicFileWriter, TheOldFileStaysUntilCommitAndAnAbandonedWriteLeavesNothing) {
    TempDir dir;
    testing::write_file(dir / "list", "old");
    {
        auto writer = AtomicFileWriter::open(dir / "list", 0600);
        ASSERT_TRUE(writer) << writer.error().message();
        ASSERT_TRUE(writer->append("half of the new"));
    }
    EXPECT_EQ(testing::read_file(dir / "list"), "old");
    EXPECT_EQ(entries_in(dir.path()), 1u);
    auto writer = AtomicFileWriter::open(dir / "list", 0640);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->append("new, "));
    ASSERT_TRUE(writer->append("in two pieces"));
    EXPECT_EQ(testing::read_file(dir / "list"), "old");
    ASSERT_TRUE(writer->commit());
    EXPECT_EQ(testing::read_file(dir / "list"), "new, in two pieces");
    EXPECT_EQ(mode_of(dir / "list"), 0640u);
    EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(CreatePrivateDirectories, EveryCreatedLevelGetsTheModeAndExistingOnesAreLeftAlone) {
    TempDir dir;
    ::chmod(dir.path().c_str(), 0711);
    const auto old_umask = ::umask(022);
    auto created = create_private_directories(dir / "a" / "b");
    ::umask(old_umask);
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_EQ(mode_of(dir / "a"), 0750u);
    EXPECT_EQ(mode_of(dir / "a" / "b"), 0750u);
    EXPECT_EQ(mode_of(dir.path()), 0711u);
}

}  // namespace
}  // namespace girofle
