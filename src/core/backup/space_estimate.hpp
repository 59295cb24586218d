// How much a new snapshot will write, known before anything is paused: files that rsync's
// quick check would take for unchanged become hard links and cost nothing; the rest are
// written whole; every directory costs a block.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/error.hpp"

namespace girofle {

struct SpaceEstimate {
    std::uint64_t bytes = 0;        // blocks of the files to write, and of the directories
    std::uint64_t inodes = 0;       // new directories and files

    // Counts one entry of the source: a directory costs a 4 KiB block and an inode; another
    // entry costs nothing when `linked` (the previous snapshot holds it alike, as
    // linked_by_quick_check tells: it becomes a hard link), else its size in 4 KiB blocks and
    // an inode.
    void add(const struct stat& entry, bool linked);
};

// Compares each file of `volumes` with the same path in `previous` as the copy does: size,
// modification time to the nanosecond, mode and owner. (copy_incrementally counts the same
// in its own walk, for the backups that check space there.)
Result<SpaceEstimate> estimate_snapshot_space(const std::filesystem::path& volumes,
                                              const std::optional<std::filesystem::path>& previous);

}  // namespace girofle
