// Helpers for tests of the trees a backup writes: an independent judge of a copy (rsync's own
// dry run), a point in time that file ctimes fall clearly before or after, inodes, and the
// rewrite rsync's quick check cannot see.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "core/backup/tree_changes.hpp"

namespace girofle::testing {

// What a full `rsync -aHAX --delete --checksum` from `source` would still change in `copy`,
// as its --itemize-changes lines: "" once the copy is exact (content, mode, owner, times,
// links, ACLs, xattrs).
std::string left_for_rsync(const std::filesystem::path& source, const std::filesystem::path& copy);

// The kernel stamps ctime with a clock a tick behind CLOCK_REALTIME: leaving 50 ms on each
// side of the time returned keeps what came before it and what came after it apart.
FileTime a_moment_between();

// lstat of `path`, a test failure when it cannot be read.
struct stat stat_of(const std::filesystem::path& path);
// Whether `a` and `b` are hard links to one file (the same inode).
bool same_inode(const std::filesystem::path& a, const std::filesystem::path& b);
// Rewrites `path` with `content` (the same size) and puts its mtime back, as `touch -r` does.
void rewrite_keeping_mtime(const std::filesystem::path& path, const std::string& content);

}  // namespace girofle::testing
