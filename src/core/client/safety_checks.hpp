// The states of a working folder in which committing or synchronising could lose work or
// surprise the user: we refuse them before changing anything, and say what to do instead.
#pragma once

#include "core/client/git_repository.hpp"

namespace girofle::client {

// Refusals are `usage` errors: the folder needs the user's hand and nothing was changed.
Result<void> check_safe_to_save(const FolderStatus& status);
// Everything check_safe_to_save refuses; then the upstream to sync with: the branch's own,
// else, as `git push -u` would set it, the same branch on the only remote or on "origin".
// A branch without either (no remote, or several and none named origin) is refused.
Result<Upstream> check_safe_to_sync(const FolderStatus& status);

}  // namespace girofle::client
