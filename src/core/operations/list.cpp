#include "core/operations/list.hpp"

#include <map>

#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/operations/interrupted_operation.hpp"

namespace girofle {
namespace {

std::string describe_live_state(const ContainerInfo& info) {
    std::string state = info.status;
    if (info.health != HealthStatus::none) state += std::string(" (") + to_string(info.health) + ")";
    else if (!info.running && info.status == "exited") state += " (" + std::to_string(info.exit_code) + ")";
    return state;
}

InstanceView view_of(const InstanceRecord& record, const std::optional<ContainerInfo>& container,
                     bool docker_answered) {
    InstanceView view{record, container, ""};
    if (record.state == InstanceState::decommissioned) view.live_state = container ? describe_live_state(*container) : "-";
    else if (!docker_answered) view.live_state = "unknown";
    else view.live_state = container ? describe_live_state(*container) : "missing";
    return view;
}

}  // namespace

Result<Listing> list_instances(Services& services, bool include_decommissioned, bool fleet) {
    auto records = fleet ? services.inventory.list_fleet() : services.inventory.list();
    if (!records) return std::unexpected(records.error());
    Listing listing;
    std::map<std::string, ContainerInfo> containers;  // by container name
    auto live = services.docker.list_containers(
        {std::string(labels::kRoot) + "=" + services.layout.root().string()}, true);
    if (live) {
        for (auto& info : *live) containers.emplace(info.name, std::move(info));
    } else {
        listing.docker_error = live.error();
    }
    for (const auto& record : *records) {
        if (!include_decommissioned && record.state == InstanceState::decommissioned) continue;
        auto found = containers.find(record.container);
        std::optional<ContainerInfo> container;
        if (found != containers.end()) container = found->second;
        auto view = view_of(record, container, live.has_value());
        if (record.host_id != services.inventory.host_id()) {
            view.live_state = "on host " + record.host_id;
        } else if (record.state == InstanceState::active && live && !(container && container->running && !container->paused)) {
            // An active instance that does not run says why, and what brings it back.
            if (exists_quietly(journal_path(services.layout, record.number)))
                view.attention = "left down by an interrupted operation: girofle doctor --fix";
            else if (!container)
                view.attention = "its container is gone: girofle restore " + std::to_string(record.number);
            else
                view.attention = "active but not running";
        }
        listing.instances.push_back(std::move(view));
    }
    return listing;
}

Result<Listing> instance_status(Services& services, const std::string& reference) {
    auto listing = list_instances(services, true);
    if (!listing) return listing;
    std::vector<InstanceRecord> records;
    for (const auto& view : listing->instances) records.push_back(view.record);
    auto wanted = find_instance(records, reference);
    if (!wanted) return std::unexpected(wanted.error());
    std::erase_if(listing->instances,
                  [&](const InstanceView& view) { return view.record.number != wanted->number; });
    return listing;
}

}  // namespace girofle
