// The file-system side of a diverged sync: a copy of the folder set aside, and the folder's
// contents replaced by a fresh clone.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace girofle::client {

// A path beside `folder` that does not exist yet: "<parent>/<name><tag><UTC time>[-N]".
std::filesystem::path unused_sibling(const std::filesystem::path& folder, const std::string& tag,
                                     std::chrono::system_clock::time_point now);

// Copies a directory tree: symbolic links stay links, permissions are kept.
Result<void> copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

// Copies one file, link or directory found at `relative` under `from_root` to the same place
// under `to_root`, creating the directories above it.
Result<void> copy_entry(const std::filesystem::path& from_root,
                        const std::filesystem::path& to_root, const std::string& relative);

// Empties `folder` and moves everything of `replacement` into it, then removes `replacement`
// (the folder itself stays, so a shell inside it keeps a valid directory). Both must be on
// one file system.
Result<void> replace_contents(const std::filesystem::path& folder,
                              const std::filesystem::path& replacement);

}  // namespace girofle::client
