// `girofle save`: every change in the working folder committed with a standard message.
#pragma once

#include <string>

#include "core/client/git_repository.hpp"
#include "core/client/report.hpp"
#include "core/reporter.hpp"

namespace girofle::client {

// "girofle save on HOST: 2 added, 1 modified, 0 deleted"
std::string standard_save_message(const ChangeCounts& changes, const std::string& host);

// Refuses an unsafe folder (see safety_checks.hpp), then saves. Each nested repository left
// alone is a warning on `reporter`.
Result<SaveReport> save(GitRepository& repo, const std::string& host, Reporter& reporter);

// Saves a folder already checked: stages everything and commits when anything changed.
Result<SaveReport> save_checked(GitRepository& repo, const FolderStatus& status,
                                const std::string& host, Reporter& reporter);

}  // namespace girofle::client
