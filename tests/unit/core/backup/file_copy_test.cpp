#include "core/backup/file_copy.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "support/snapshot_trees.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::left_for_rsync;
using testing::read_file;
using testing::stat_of;
using testing::TempDir;
using testing::write_file;

class FileCopy : public ::testing::Test {
protected:
    Result<std::optional<HashedCopy>> copied(const std::string& name, TreeState state) {
        return copy_file_hashing(dir / "source" / name, dir / "copy" / name, state, buffer);
    }

    TempDir dir;
    std::vector<char> buffer = std::vector<char>(kCopyBlock);
};

TEST_F(FileCopy, TheCopyHasTheContentAndAttributesAndTheHashOfWhatWasWritten) {
    std::string content(3 * kCopyBlock + 17, 'x');  // several blocks, the last one short
    content[kCopyBlock] = 'y';
    write_file(dir / "source/pack", content);
    ASSERT_EQ(::chmod((dir / "source/pack").c_str(), 0640), 0);
    const char value[] = "kept";
    ASSERT_EQ(::setxattr((dir / "source/pack").c_str(), "user.girofle", value, 4, 0), 0);
    std::filesystem::create_directory(dir / "copy");
    auto copy = copied("pack", TreeState::still);
    ASSERT_TRUE(copy) << copy.error().message();
    ASSERT_TRUE(*copy);
    EXPECT_EQ(read_file(dir / "copy/pack"), content);
    EXPECT_EQ(to_hex((*copy)->sha256), sha256_hex(content));
    EXPECT_EQ((*copy)->written.st_ino, stat_of(dir / "copy/pack").st_ino);
    EXPECT_EQ((*copy)->written.st_ctim.tv_nsec, stat_of(dir / "copy/pack").st_ctim.tv_nsec);
    // Mode, owner, mtime, xattrs: rsync -aHAX finds nothing left to do (the directory's
    // times, not this function's job, made alike first).
    const struct stat top = stat_of(dir / "source");
    const struct timespec times[2] = {top.st_atim, top.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir / "copy").c_str(), times, 0), 0);
    EXPECT_EQ(left_for_rsync(dir / "source", dir / "copy"), "");
}

TEST_F(FileCopy, ALiveSourceGoneOrReplacedIsLeftAloneAndAStillOneIsAnError) {
    std::filesystem::create_directories(dir / "source");
    std::filesystem::create_directories(dir / "copy");
    ASSERT_EQ(::symlink("elsewhere", (dir / "source/link").c_str()), 0);
    ASSERT_EQ(::mkfifo((dir / "source/fifo").c_str(), 0600), 0);
    for (const char* name : {"gone", "link", "fifo"}) {
        auto live = copied(name, TreeState::live);
        ASSERT_TRUE(live) << name << ": " << live.error().message();
        EXPECT_FALSE(*live) << name;
        EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dir / "copy" / name))) << name;
        auto still = copied(name, TreeState::still);
        ASSERT_FALSE(still) << name;
        EXPECT_NE(still.error().message().find((dir / "source" / name).string()), std::string::npos)
            << still.error().message();
    }
}

// The checksums of a backup take these hashes (checksums.hpp): one must never stand for a
// file that changed after it was written.
TEST_F(FileCopy, AHashKeptForTheCopyNoLongerAnswersOnceTheCopyChanged) {
    write_file(dir / "source/pack", "abc");
    std::filesystem::create_directory(dir / "copy");
    auto copy = copied("pack", TreeState::still);
    ASSERT_TRUE(copy && *copy);
    InodeHashCache hashes;
    hashes.load_written({{InodeHashCache::written_key_of((*copy)->written), (*copy)->sha256}});
    ASSERT_TRUE(hashes.find_written(stat_of(dir / "copy/pack")));
    usleep(20'000);  // past a tick of the kernel's coarse clock
    testing::rewrite_keeping_mtime(dir / "copy/pack", "abd");
    EXPECT_FALSE(hashes.find_written(stat_of(dir / "copy/pack")));
}

TEST_F(FileCopy, AnExistingTargetIsNeverOverwritten) {
    write_file(dir / "source/pack", "new");
    write_file(dir / "copy/pack", "old");
    auto copy = copied("pack", TreeState::still);
    ASSERT_FALSE(copy);
    EXPECT_NE(copy.error().message().find("cannot create"), std::string::npos) << copy.error().message();
    EXPECT_EQ(read_file(dir / "copy/pack"), "old");
}

}  // namespace
}  // namespace girofle
