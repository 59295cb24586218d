// ContainerFreezer for the core's tests: one cgroup, frozen or not, reachable or not.
#pragma once

#include <functional>

#include "core/container_freezer.hpp"

namespace girofle::testing {

class FakeContainerFreezer final : public ContainerFreezer {
public:
    bool reachable = true;
    bool is_frozen = false;
    int freezes = 0;
    std::function<void()> on_freeze;  // called once frozen: what a test checks while GitLab waits

    Result<FreezerCgroup> locate(int) override {
        if (!reachable) return fail(ErrorKind::unavailable, "cgroup freezer", "cannot write /fake/cgroup.freeze");
        return FreezerCgroup{"/fake/cgroup", 2};
    }
    Result<void> freeze(const FreezerCgroup&, std::chrono::milliseconds) override {
        is_frozen = true;
        ++freezes;
        if (on_freeze) on_freeze();
        return {};
    }
    Result<void> thaw(const FreezerCgroup&) override {
        is_frozen = false;
        return {};
    }
    Result<bool> frozen(const FreezerCgroup&) override { return is_frozen; }
};

}  // namespace girofle::testing
