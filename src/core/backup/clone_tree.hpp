// A copy of a whole tree whose files share their blocks with the originals (reflinks):
// coreutils' `cp -a --reflink=always`, which keeps owners, modes, times, hard links, ACLs and
// xattrs, and fails rather than fall back to copying the data.
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

// `destination` must not exist; its parent must be on the same filesystem as `source`.
// Errors: no_space; failed (the filesystem cannot clone, or cp's own message).
Result<void> clone_tree(ProcessRunner& processes, const std::filesystem::path& source,
                        const std::filesystem::path& destination);

}  // namespace girofle
