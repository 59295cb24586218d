// The real GitRepository, on libgit2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/client/git_repository.hpp"
#include "core/reporter.hpp"

namespace girofle::git {

// Opens the repository whose work tree holds `folder` (looking upwards, like git).
// Errors: usage when `folder` is not in a work tree. `commit_time`, in seconds since the
// epoch (UTC), stamps every commit made through it instead of the current time: gravity's
// fixed clock, so that a replayed scenario makes the same commit ids.
Result<std::unique_ptr<client::GitRepository>> open_repository(
    const std::filesystem::path& folder, Reporter& reporter,
    std::optional<std::int64_t> commit_time = std::nullopt);

}  // namespace girofle::git
