#include "core/backup/freeze_guard.hpp"

namespace girofle {
namespace {

constexpr std::chrono::seconds kFreezeTimeout{10};

}  // namespace

FreezeChoice choose_freeze(Services& services, const ContainerInfo& container) {
    auto cgroup = services.freezer.locate(container.pid);
    if (!cgroup) return {std::nullopt, "Docker's pause (" + cgroup.error().message() + ")"};
    return {*cgroup, cgroup->describe()};
}

FreezeGuard::FreezeGuard(Services& services, std::string container, std::string object)
    : services_(services), container_(std::move(container)), object_(std::move(object)) {
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
    if (!frozen_) return {};
    frozen_ = false;
    if (choice_.cgroup) {
        auto thawed = services_.freezer.thaw(*choice_.cgroup);
        if (!thawed)
            services_.reporter.warn(object_ + ": could not thaw GitLab: " + thawed.error().message() +
                                    "; run: girofle doctor --fix");
        return thawed;
    }
    auto resumed = services_.docker.unpause_container(container_);
    if (!resumed)
        services_.reporter.warn(object_ + ": could not unpause GitLab: " + resumed.error().message() +
                                "; run: docker unpause " + container_);
    return resumed;
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
