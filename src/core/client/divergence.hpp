// The diverged case of a sync: copy the folder aside, clone the remote fresh, bring the files
// the remote lacks to it, and replace the folder's contents by the clone.
#pragma once

#include "core/client/git_repository.hpp"
#include "core/client/report.hpp"
#include "core/client/sync.hpp"

namespace girofle::client {

// `repo` must not be used afterwards: its folder now holds the fresh clone.
// `nested_repositories` (paths from the top of the folder) are carried over as they are, like
// ignored files.
Result<DivergenceReport> resolve_divergence(GitRepository& repo, const FolderStatus& status,
                                            const Upstream& upstream, const Tips& tips,
                                            const std::vector<std::string>& nested_repositories,
                                            const SyncEnvironment& environment);

}  // namespace girofle::client
