// One cron.d file per instance, so that installing or removing an instance's schedule never
// touches another's, nor root's own crontab.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/instance.hpp"
#include "core/root_layout.hpp"

namespace girofle {

struct CronSettings {
    // Where cron reads schedule files; the launcher mounts the host's at the same path.
    std::filesystem::path directory = "/etc/cron.d";
    // The command cron runs on the host: the launcher's path when Girofle runs in the
    // toolbox, otherwise this binary's own.
    std::string command;
    std::string user = "root";
    // notify.mailto: cron mails what the backup writes on stderr (its errors) to this address.
    std::string mailto;
};

enum class ScheduleFileState { absent, current, stale };

// girofle-noeud-gitlab-N for the default root, girofle-TAG-noeud-gitlab-N for any other
// (RootLayout::host_tag): two roots on one host never share a schedule file.
std::filesystem::path schedule_file_path(const CronSettings& settings, const RootLayout& layout,
                                         const InstanceRecord& record);

// Whether a schedule file's content runs a backup of `layout`'s root (its --root word).
bool schedule_file_belongs_to(const std::string& content, const RootLayout& layout);

// The whole file for an enabled schedule: the backup runs non-interactively and appends
// its output to ROOT/logs/cron.log; with a MAILTO, its stderr is left to cron, which mails it.
std::string render_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record);

// Writes the file for an enabled schedule, removes it for a disabled one. Errors: usage when a
// path cannot be written into a cron line; conflict when the file there backs up another root
// (it is never overwritten; a hand-edited file of this root's is).
Result<void> apply_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record);
// Removes the instance's file only when it is this root's; another root's file stays.
Result<void> remove_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                  const InstanceRecord& record);

// The scheduled doctor run of a root: one cron.d file per root, girofle-doctor for the default
// root, girofle-TAG-doctor for any other, running `girofle --root ROOT doctor --notify` hourly
// (kDoctorSchedule) so that a late backup or any other problem reaches the webhooks without an
// operator. Its report replaces ROOT/logs/doctor.log on each run. Hourly, because a missed
// backup is late one hour after its time (doctor's grace) and its notice should follow soon;
// the notices themselves are kept to one a day per problem (core/observe/problem_notifications.hpp).
inline constexpr const char* kDoctorSchedule = "17 * * * *";
std::filesystem::path doctor_schedule_file_path(const CronSettings& settings, const RootLayout& layout);
std::string render_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout);
// Written with the first enabled backup schedule (apply_schedule_file writes it each time);
// a file there that runs another root is left alone.
Result<void> apply_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout);
// Removed, when it is this root's, once the root has no active instance left (decommission).
Result<void> remove_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout);

// "current" when the file is exactly what the record asks for (or absent for a disabled
// schedule): anything else is what `schedule set` repairs.
ScheduleFileState schedule_file_state(const CronSettings& settings, const RootLayout& layout,
                                      const InstanceRecord& record);

}  // namespace girofle
