#include "core/operations/schedule.hpp"

#include "core/inventory/instance_host.hpp"

namespace girofle {

Result<BackupSchedule> parse_backup_schedule(const std::string& text, bool remote, const std::string& drill,
                                             bool drill_remote) {
    if (text != "none")
        if (auto valid = CronExpression::parse(text); !valid) return std::unexpected(valid.error());
    if (!drill.empty() && drill != "none")
        if (auto valid = CronExpression::parse(drill); !valid)
            return fail(ErrorKind::usage, "drill schedule '" + drill + "'", valid.error().cause);
    if (drill_remote && (drill.empty() || drill == "none"))
        return fail(ErrorKind::usage, "--drill-from-remote", "goes with --drill CRON (when the drills run)");
    return BackupSchedule{.cron = text, .remote = remote, .drill = drill, .drill_remote = drill_remote};
}

Result<void> check_schedule_installable(const Services& services, const BackupSchedule& schedule) {
    if (!schedule.enabled()) return {};
    std::error_code error;
    if (!std::filesystem::is_directory(services.cron.directory, error))
        return fail(ErrorKind::usage, "cron directory " + services.cron.directory.string(),
                    "does not exist: install cron, or give --schedule none");
    return {};
}

ScheduleView view_schedule(const Services& services, const InstanceRecord& record) {
    ScheduleView view{.record = record,
                      .file = schedule_file_path(services.cron, services.layout, record),
                      .file_state = schedule_file_state(services.cron, services.layout, record)};
    if (record.schedule.enabled())
        if (auto expression = CronExpression::parse(record.schedule.cron))
            view.next_run = expression->next_after(services.clock.now());
    return view;
}

Result<std::vector<ScheduleView>> show_schedules(Services& services, const std::optional<std::string>& instance) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    std::vector<ScheduleView> views;
    if (instance) {
        auto found = find_instance(*records, *instance);
        if (!found) return std::unexpected(found.error());
        views.push_back(view_schedule(services, *found));
        return views;
    }
    for (const auto& record : *records)
        if (record.state == InstanceState::active) views.push_back(view_schedule(services, record));
    return views;
}

Result<ScheduleView> set_schedule(Services& services, const std::string& instance, const BackupSchedule& schedule) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto found = find_instance_on_this_host(services.inventory, *records, instance, "schedule");
    if (!found) return std::unexpected(found.error());
    const std::string object = found->label();
    if (found->state != InstanceState::active)
        return fail(ErrorKind::usage, object,
                    std::string("is ") + to_string(found->state) + "; only an active instance is backed up on a schedule");
    if (auto installable = check_schedule_installable(services, schedule); !installable)
        return std::unexpected(installable.error());
    auto lock = services.inventory.lock(found->number, "schedule");
    if (!lock) return std::unexpected(lock.error());

    InstanceRecord wanted = *found;
    wanted.schedule = schedule;
    if (schedule.drill.empty()) {
        wanted.schedule.drill = found->schedule.drill;
        wanted.schedule.drill_remote = found->schedule.drill_remote;
    }
    if (auto written = apply_schedule_file(services.cron, services.layout, wanted); !written)
        return std::unexpected(written.error().about(object));
    auto stored = services.inventory.modify(found->number, [&](InstanceRecord& record) {
        record.schedule = wanted.schedule;
        record.updated_at = rfc3339_utc(services.clock.now());
    });
    if (!stored) {
        // The file follows the record: put back the one the record still describes.
        if (auto restored = apply_schedule_file(services.cron, services.layout, *found); !restored)
            services.reporter.warn(restored.error().message());
        return std::unexpected(stored.error());
    }
    services.reporter.info(object + ": backup schedule " +
                           (schedule.enabled() ? "set to '" + schedule.cron + "'" + (schedule.remote ? " with --remote" : "")
                                               : std::string("removed")));
    services.reporter.record({{"operation", "schedule"},
                              {"instance", found->number},
                              {"cron", schedule.cron},
                              {"remote", schedule.remote},
                              {"drill", wanted.schedule.drill},
                              {"drill_from_remote", wanted.schedule.drill_remote},
                              {"outcome", "ok"}});
    return view_schedule(services, *stored);
}

}  // namespace girofle
