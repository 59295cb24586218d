// Which directory stood at each path of the volumes when a snapshot was taken, by inode number.
// A file's ctime does not move when a directory above it is renamed: `rm -rf cfg; mv cfg.new
// cfg` puts other files at cfg/'s paths with their old ctimes, and when their size, mtime,
// mode and owner match the previous snapshot's (a tar or `cp -p` copy), rsync's quick check
// links the previous, stale content (found by a user trial; `verify` passed). A directory
// whose inode number is not the one recorded at its path is another directory: what lies
// below it is compared by content. Two directories that exist at once never share an inode
// number, and a file moved or linked into a directory gets a new ctime, so a file with an old
// ctime under directories that all kept their inode numbers is the file that was there.
// Inode numbers only, not device numbers: a btrfs snapshot keeps its subvolume's inode numbers
// under another device number.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.hpp"

namespace girofle {

// Relative path ("" for the top, "data/git-data" below it) to inode number.
using DirectoryInodes = std::unordered_map<std::string, ino_t>;

// Where a snapshot keeps its record, beside manifest.json (not one of its volumes: neither
// checksummed nor restored).
inline constexpr const char* kDirectoryInodesFile = "directory-inodes";

// Whether the directory at `relative`, now inode `inode`, is the one `recorded` there.
bool same_directory(const DirectoryInodes& recorded, const std::string& relative, ino_t inode);

// Writes `directories` to `file` (mode 0600, atomically): one "INODE PATH" record per
// directory, each ended by a NUL, since a path may hold a newline. Errors: those of
// write_file_atomically.
Result<void> write_directory_inodes(const std::filesystem::path& file, const DirectoryInodes& directories);

// The record in `file`; none when it is missing or malformed (a snapshot taken before this
// record existed, or damaged).
std::optional<DirectoryInodes> read_directory_inodes(const std::filesystem::path& file);

}  // namespace girofle
