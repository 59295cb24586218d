// schedule show|set|remove: when cron backs each instance up.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/services.hpp"

namespace girofle {

// "none" or a cron expression for the backups, and for the drills (empty: keep the instance's
// own); a usage error names what is wrong with either. `drill_remote` (the drills fetch from
// the remote) needs a drill schedule given with it.
Result<BackupSchedule> parse_backup_schedule(const std::string& text, bool remote, const std::string& drill = "",
                                             bool drill_remote = false);

// Checks, before anything changes, that a schedule file can be written for `schedule`.
Result<void> check_schedule_installable(const Services& services, const BackupSchedule& schedule);

struct ScheduleView {
    InstanceRecord record;
    std::filesystem::path file;
    ScheduleFileState file_state = ScheduleFileState::absent;
    std::optional<std::chrono::system_clock::time_point> next_run;
};

// Every instance that is not decommissioned, or only `instance` when given.
Result<std::vector<ScheduleView>> show_schedules(Services& services, const std::optional<std::string>& instance);

// Writes the schedule file, then the record; "none" removes the file. Holds the instance's
// lock, so it waits for no backup: a running one makes it a clear "busy" error.
Result<ScheduleView> set_schedule(Services& services, const std::string& instance, const BackupSchedule& schedule);

ScheduleView view_schedule(const Services& services, const InstanceRecord& record);

}  // namespace girofle
