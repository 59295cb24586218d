#include "support/snapshot_trees.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "support/commands.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {

std::string left_for_rsync(const std::filesystem::path& source, const std::filesystem::path& copy) {
    auto dry = run_command({"rsync", "-aHAX", "--numeric-ids", "--delete", "--modify-window=-1", "--dry-run",
                            "--itemize-changes", "--checksum", source.string() + "/", copy.string() + "/"});
    EXPECT_EQ(dry.status, 0) << dry.err;
    return dry.out;
}

FileTime a_moment_between() {
    using namespace std::chrono_literals;
    std::this_thread::sleep_for(50ms);
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    std::this_thread::sleep_for(50ms);
    return file_time(now);
}

struct stat stat_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info;
}

bool same_inode(const std::filesystem::path& a, const std::filesystem::path& b) {
    const auto first = stat_of(a), second = stat_of(b);
    return first.st_ino == second.st_ino && first.st_dev == second.st_dev;
}

void rewrite_keeping_mtime(const std::filesystem::path& path, const std::string& content) {
    const auto before = stat_of(path);
    write_file(path, content);
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

}  // namespace girofle::testing
