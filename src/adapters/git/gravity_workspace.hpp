// gravity's GitWorkspace on libgit2: no `git` process anywhere.
#pragma once

#include <memory>

#include "core/gravity/git_workspace.hpp"

namespace girofle::git {

// Safe to use from several threads on different repositories (each call opens its own
// libgit2 handles).
std::unique_ptr<gravity::GitWorkspace> make_gravity_workspace();

}  // namespace girofle::git
