#include "core/operations/list.hpp"

#include <map>

#include "core/backup/freeze_guard.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/operations/fix_command.hpp"
#include "core/operations/interrupted_operation.hpp"

namespace girofle {
namespace {

std::string describe_live_state(const ContainerSummary& summary) {
    std::string state = summary.status;
    if (summary.health != HealthStatus::none) state += std::string(" (") + to_string(summary.health) + ")";
    else if (summary.status == "exited") state += " (" + std::to_string(summary.exit_code) + ")";
    return state;
}

// The list's Status text shows health only while a container runs unpaused. A paused, stopped
// or restarting container (rare) is inspected for what its check last said, as list always
// showed it. Created containers have no health yet, whatever their check.
void complete_health(Docker& docker, ContainerSummary& summary) {
    if (summary.status == "running" || summary.status == "created") return;
    auto info = docker.inspect_container(summary.id);
    if (!info) return;  // removed meanwhile, or Docker went away: the summary stands
    summary.health = info->health;
    summary.exit_code = info->exit_code;
}

InstanceView view_of(const InstanceRecord& record, const std::optional<ContainerSummary>& container,
                     bool docker_answered) {
    InstanceView view{record, container, "", ""};
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
    std::map<std::string, ContainerSummary> containers;  // by container name
    auto live = services.docker.list_container_summaries(
        {std::string(labels::kRoot) + "=" + services.layout.root().string()});
    if (live) {
        for (auto& info : *live) containers.emplace(info.name, std::move(info));
    } else {
        listing.docker_error = live.error();
    }
    for (const auto& record : *records) {
        if (!include_decommissioned && record.state == InstanceState::decommissioned) continue;
        const bool here = record.host_id == services.inventory.host_id();
        auto found = containers.find(record.container);
        std::optional<ContainerSummary> container;
        if (found != containers.end()) {
            if (here) complete_health(services.docker, found->second);
            container = found->second;
        }
        auto view = view_of(record, container, live.has_value());
        if (!here) {
            view.live_state = "on host " + record.host_id;
        } else if (record.state == InstanceState::active && live && !(container && runs_unpaused(*container))) {
            // An active instance that does not run says why, and what brings it back.
            if (exists_quietly(journal_path(services.layout, record.number)))
                view.attention = "left down by an interrupted operation: " +
                                 girofle_command(services.layout, "doctor --fix");
            else if (!container)
                view.attention =
                    "its container is gone: " +
                    girofle_command(services.layout, "restore " + std::to_string(record.number));
            else if (container->status == "paused")
                view.attention = "not Girofle's pause: docker unpause " + record.container;
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
    InstanceView& view = listing->instances.front();
    if (view.container)
        if (auto info = services.docker.inspect_container(view.container->id)) {
            view.started_at = info->started_at;
            // Docker says running: only the freezer knows (a backup's window, or one killed in it).
            if (frozen_behind_dockers_back(services, *info)) {
                view.live_state = "frozen";
                view.attention = exists_quietly(journal_path(services.layout, view.record.number))
                                     ? "left so by an interrupted backup: " +
                                           girofle_command(services.layout, "doctor --fix")
                                     : "not Girofle's freeze";
            }
        }
    return listing;
}

}  // namespace girofle
