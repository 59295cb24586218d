// The real GitRepository, on libgit2.
#pragma once

#include <filesystem>
#include <memory>

#include "core/client/git_repository.hpp"
#include "core/reporter.hpp"

namespace girofle::git {

// Opens the repository whose work tree holds `folder` (looking upwards, like git).
// Errors: usage when `folder` is not in a work tree.
Result<std::unique_ptr<client::GitRepository>> open_repository(const std::filesystem::path& folder,
                                                               Reporter& reporter);

}  // namespace girofle::git
