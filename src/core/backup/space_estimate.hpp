// How much a new snapshot will write, known before anything is paused: files that rsync's
// quick check would take for unchanged become hard links and cost nothing; the rest are
// written whole; every directory costs a block.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/error.hpp"

namespace girofle {

struct SpaceEstimate {
    std::uint64_t bytes = 0;        // blocks of the files to write, and of the directories
    std::uint64_t inodes = 0;       // new directories and files
};

// Compares each file of `volumes` with the same path in `previous` as the copy does: size,
// modification time to the nanosecond, mode and owner.
Result<SpaceEstimate> estimate_snapshot_space(const std::filesystem::path& volumes,
                                              const std::optional<std::filesystem::path>& previous);

}  // namespace girofle
