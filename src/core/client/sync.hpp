// `girofle sync`: save, fetch, then push, fast-forward, or, when both sides moved, set the
// folder aside and re-clone it without ever overwriting a version either side wrote.
#pragma once

#include <chrono>
#include <string>

#include "core/client/git_repository.hpp"
#include "core/client/report.hpp"
#include "core/reporter.hpp"

namespace girofle::client {

struct SyncEnvironment {
    std::string host;                           // named in commit messages
    std::chrono::system_clock::time_point now;  // names the backup of a diverged folder
    Reporter& reporter;
};

Result<SyncReport> sync(GitRepository& repo, const SyncEnvironment& environment);

}  // namespace girofle::client
