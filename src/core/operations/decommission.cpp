#include "core/operations/decommission.hpp"

#include <algorithm>

#include "core/gitlab_container.hpp"
#include "core/inventory/held_locks.hpp"
#include "core/inventory/instance_host.hpp"
#include "core/operations/backup.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/schedule/schedule_file.hpp"
#include "core/undo.hpp"

namespace girofle {

Result<InstanceRecord> decommission(Services& services, const DecommissionOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto found = find_instance_on_this_host(services.inventory, *records, options.instance, "decommission");
    if (!found) return std::unexpected(found.error());
    const InstanceRecord record = *found;
    const std::string object = record.label();
    if (record.state == InstanceState::decommissioned)
        return fail(ErrorKind::usage, object, "already decommissioned on " + record.decommissioned_at);
    auto lock = services.inventory.lock(record.number, "decommission");
    if (!lock) return std::unexpected(lock.error());
    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());
    if (auto recovered = recover_interrupted_operation(services, record); !recovered)
        return std::unexpected(recovered.error());
    if (auto free = refuse_if_held_still_by_someone_else(services, record); !free)
        return std::unexpected(free.error());

    // The final backup stops GitLab gracefully and leaves it stopped: the cold copy is the
    // most consistent one, and the stop below then has nothing left to do.
    std::string final_backup;
    if (!options.no_backup) {
        auto taken = backup_locked(services, record, BackupStrategy::stop, /*leave_stopped=*/true);
        if (!taken)
            return fail(taken.error().kind, object,
                        "the final backup failed, so nothing was removed: " + taken.error().cause);
        final_backup = taken->manifest.id;
    }

    // Each step below is undone if a later one fails, and each removal waits for the lock to be
    // known held (an etcd lease that expired stops it): GitLab is never left down.
    enum class Gitlab { running, stopped, removed };
    Gitlab gitlab = options.no_backup ? Gitlab::running : Gitlab::stopped;  // the final backup stops it
    UndoStack undo;
    undo.push([&services, &record, &object, &gitlab] {
        if (gitlab == Gitlab::removed) {
            auto id = services.docker.create_container(
                gitlab_container_spec(record, services.layout, services.config.stop_timeout));
            if (!id) services.reporter.warn(object + ": could not bring its container back: " + id.error().message());
        }
        if (gitlab != Gitlab::running)
            if (auto started = services.docker.start_container(record.container); !started)
                services.reporter.warn(object + ": could not start GitLab again: " + started.error().message());
        clear_journal(services, record.number);
    });
    if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
    // Until the inventory says decommissioned, a killed run leaves an active instance whose
    // container the next operation must bring back.
    if (auto noted = write_journal(services, record.number,
                                   {.operation = "decommission", .stopped = true, .container_removed = true});
        !noted)
        return std::unexpected(noted.error().about(object));
    const auto stop_timeout = options.stop_timeout.value_or(services.config.stop_timeout);
    services.reporter.progress(object + ": stopping GitLab (up to " +
                               std::to_string(stop_timeout.count()) + " s)");
    auto stopped = services.docker.stop_container(record.container, stop_timeout);
    if (!stopped && stopped.error().kind != ErrorKind::not_found)
        return std::unexpected(stopped.error().about(object));
    if (stopped) {
        gitlab = Gitlab::stopped;
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        if (auto removed = services.docker.remove_container(record.container, false); !removed)
            return std::unexpected(removed.error().about(object));
        gitlab = Gitlab::removed;
    } else {
        gitlab = Gitlab::running;  // already gone: nothing of it to bring back
        services.reporter.warn(object + ": its container " + record.container + " was already gone");
    }

    // Nothing is left to back up: cron must not find the instance gone every four hours.
    if (auto unscheduled = remove_schedule_file(services.cron, services.layout, record); !unscheduled)
        services.reporter.warn(unscheduled.error().message());
    undo.push([&services, &record] { (void)apply_schedule_file(services.cron, services.layout, record); });

    auto updated = services.inventory.modify(record.number, [&](InstanceRecord& stored) {
        if (!final_backup.empty()) stored.last_backup = final_backup;
        stored.state = InstanceState::decommissioned;
        stored.container_id.clear();
        stored.decommissioned_at = stored.updated_at = rfc3339_utc(services.clock.now());
    });
    if (!updated) return std::unexpected(updated.error());
    undo.dismiss();
    // The hourly doctor run watches active instances; with none left it has nothing to watch.
    if (auto remaining = services.inventory.list();
        remaining && std::ranges::none_of(*remaining, [](const InstanceRecord& r) { return r.state == InstanceState::active; }))
        if (auto unscheduled = remove_doctor_schedule_file(services.cron, services.layout); !unscheduled)
            services.reporter.warn(unscheduled.error().message());
    clear_journal(services, record.number);
    services.reporter.info(object + ": decommissioned; data kept in " + record.directory);
    services.reporter.record({{"operation", "decommission"},
                              {"instance", record.number},
                              {"container", record.container},
                              {"ip", record.ip},
                              {"final_backup", final_backup},
                              {"outcome", "ok"}});
    return *updated;
}

}  // namespace girofle
