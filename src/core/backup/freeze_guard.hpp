// How a freeze backup holds GitLab still: the kernel's cgroup freezer when this process can
// reach the container's cgroup (container_freezer.hpp), else Docker's pause. Both freeze the
// same processes the same way; the freezer leaves out Docker's two API calls.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/container_freezer.hpp"
#include "core/services.hpp"

namespace girofle {

struct FreezeChoice {
    std::optional<FreezerCgroup> cgroup;  // none: Docker's pause
    // "the cgroup v1 freezer at DIR", or "Docker's pause (WHY the freezer cannot be used)".
    std::string description;
};

// How a freeze of `container` would be done now. Errors: none (Docker's pause is the fallback).
FreezeChoice choose_freeze(Services& services, const ContainerInfo& container);

// Freezes on freeze(), and always thaws on the way out.
class FreezeGuard {
public:
  // Inspects `container` once to choose how: construct it before the window starts.
  // `running_again` is called once GitLab is known to run again: after a thaw that worked, or
  // on the way out when it was never frozen (not when a thaw failed: GitLab may be held still).
  FreezeGuard(Services& services, std::string container, std::string object,
              std::function<void()> running_again = {});
  ~FreezeGuard() { release(); }
  FreezeGuard(const FreezeGuard&) = delete;
  FreezeGuard& operator=(const FreezeGuard&) = delete;

  // Returns once every process of GitLab is frozen. Errors: Docker's pause's, or the
  // freezer's (timeout after 10 s, the processes thawed again).
  Result<void> freeze();
  // Thaws if frozen, then calls `running_again`; on failure warns with the command that thaws
  // by hand.
  Result<void> release();
  const FreezeChoice& choice() const { return choice_; }

private:
    Services& services_;
    std::string container_;
    std::string object_;
    FreezeChoice choice_;
    std::function<void()> running_again_;
    bool frozen_ = false;
};

// The container's cgroup when it is frozen and Docker does not know it (a backup killed inside
// its window); none otherwise, or when this process cannot reach the cgroup.
std::optional<FreezerCgroup> frozen_behind_dockers_back(Services& services, const ContainerInfo& container);

// After a killed backup: thaws `container` when its cgroup is frozen and Docker does not know
// (a container Docker says is paused is left to docker unpause). True when it thawed it.
// Errors: the freezer's, when the cgroup is frozen and cannot be thawed.
Result<bool> thaw_if_left_frozen(Services& services, const ContainerInfo& container);

}  // namespace girofle
