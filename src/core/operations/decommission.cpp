#include "core/operations/decommission.hpp"

namespace girofle {

Result<InstanceRecord> decommission(Services& services, const DecommissionOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto found = find_instance(*records, options.instance);
    if (!found) return std::unexpected(found.error());
    const InstanceRecord record = *found;
    const std::string object = record.label();
    if (record.state == InstanceState::decommissioned)
        return fail(ErrorKind::usage, object, "already decommissioned on " + record.decommissioned_at);
    if (!options.no_backup)
        return fail(ErrorKind::usage, object,
                    "a final backup is not available in this version: pass --no-backup to "
                    "decommission without one");

    auto lock = services.inventory.lock(record.number, "decommission");
    if (!lock) return std::unexpected(lock.error());
    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());

    const auto stop_timeout = options.stop_timeout.value_or(services.config.stop_timeout);
    services.reporter.progress(object + ": stopping GitLab (up to " +
                               std::to_string(stop_timeout.count()) + " s)");
    auto stopped = services.docker.stop_container(record.container, stop_timeout);
    if (!stopped && stopped.error().kind != ErrorKind::not_found)
        return std::unexpected(stopped.error().about(object));
    if (stopped) {
        if (auto removed = services.docker.remove_container(record.container, false); !removed)
            return std::unexpected(removed.error().about(object));
    } else {
        services.reporter.warn(object + ": its container " + record.container + " was already gone");
    }

    auto updated = services.inventory.modify(record.number, [&](InstanceRecord& stored) {
        stored.state = InstanceState::decommissioned;
        stored.container_id.clear();
        stored.decommissioned_at = stored.updated_at = rfc3339_utc(services.clock.now());
    });
    if (!updated) return std::unexpected(updated.error());
    services.reporter.info(object + ": decommissioned; data kept in " + record.directory);
    services.reporter.record({{"operation", "decommission"},
                              {"instance", record.number},
                              {"container", record.container},
                              {"ip", record.ip},
                              {"backup", options.no_backup ? "skipped" : "final"},
                              {"outcome", "ok"}});
    return *updated;
}

}  // namespace girofle
