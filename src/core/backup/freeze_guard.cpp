#include "core/backup/freeze_guard.hpp"

#include <utility>

namespace girofle {
namespace {

constexpr std::chrono::seconds kFreezeTimeout{10};

}  // namespace

FreezeChoice choose_freeze(Services& services, const ContainerInfo& container) {
    auto cgroup = services.freezer.locate(container.pid);
    if (!cgroup) return {std::nullopt, "Docker's pause (" + cgroup.error().message() + ")"};
    return {*cgroup, cgroup->describe()};
}

FreezeGuard::FreezeGuard(Services& services, std::string container, std::string object,
                         std::function<void()> running_again)
    : services_(services),
      container_(std::move(container)),
      object_(std::move(object)),
      running_again_(std::move(running_again)) {
    auto info = services_.docker.inspect_container(container_);
    choice_ = info ? choose_freeze(services_, *info)
                   : FreezeChoice{std::nullopt, "Docker's pause (" + info.error().message() + ")"};
}

Result<void> FreezeGuard::freeze() {
    auto frozen = choice_.cgroup ? services_.freezer.freeze(*choice_.cgroup, kFreezeTimeout)
                                 : services_.docker.pause_container(container_);
    if (!frozen) return frozen;
    frozen_ = true;
    return {};
}

Result<void> FreezeGuard::release() {
    Result<void> thawed;
    if (frozen_) {
        frozen_ = false;
        thawed = choice_.cgroup ? services_.freezer.thaw(*choice_.cgroup)
                                : services_.docker.unpause_container(container_);
        if (!thawed) {
            services_.reporter.warn(object_ + ": could not " +
                                    (choice_.cgroup ? "thaw" : "unpause") +
                                    " GitLab: " + thawed.error().message() +
                                    "; the next backup, or girofle doctor --fix, tries again");
            return thawed;
        }
    }
    if (running_again_) std::exchange(running_again_, nullptr)();
    return thawed;
}

std::optional<FreezerCgroup> frozen_behind_dockers_back(Services& services, const ContainerInfo& container) {
    if (!container.running || container.paused) return std::nullopt;
    auto cgroup = services.freezer.locate(container.pid);
    if (!cgroup) return std::nullopt;  // nothing here can have frozen it
    auto frozen = services.freezer.frozen(*cgroup);
    if (!frozen || !*frozen) return std::nullopt;
    return *cgroup;
}

Result<bool> thaw_if_left_frozen(Services& services, const ContainerInfo& container) {
    auto cgroup = frozen_behind_dockers_back(services, container);
    if (!cgroup) return false;
    if (auto thawed = services.freezer.thaw(*cgroup); !thawed) return std::unexpected(thawed.error());
    return true;
}

}  // namespace girofle
