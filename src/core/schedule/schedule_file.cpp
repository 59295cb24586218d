#include "core/schedule/schedule_file.hpp"

#include <system_error>

#include "core/file_io.hpp"
#include "core/shell_word.hpp"

namespace girofle {
namespace {

// A word for the shell cron starts, inside single quotes. '%' is cron's own newline
// marker even between quotes, so it is escaped for cron too.
std::string cron_shell_word(const std::string& word) {
    std::string escaped;
    for (char c : shell_word(word)) {
        if (c == '%') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

Result<void> check_cron_safe(const std::string& what, const std::string& value) {
    if (value.empty()) return fail(ErrorKind::usage, what, "is empty");
    if (value.find_first_of("\n\r") != std::string::npos)
        return fail(ErrorKind::usage, what + " '" + value + "'", "cannot be written into a cron line (line break)");
    return {};
}

}  // namespace

std::filesystem::path schedule_file_path(const CronSettings& settings, const RootLayout& layout,
                                         const InstanceRecord& record) {
    // Cron skips file names with dots; neither the tag nor the base name has one. The default
    // root keeps the name it always had.
    const std::string tag = layout.is_default() ? "" : layout.host_tag() + "-";
    return settings.directory / ("girofle-" + tag + instance_base_name(record.number));
}

bool schedule_file_belongs_to(const std::string& content, const RootLayout& layout) {
    return content.find(" --root " + cron_shell_word(layout.root().string()) + " ") != std::string::npos;
}

std::filesystem::path doctor_schedule_file_path(const CronSettings& settings, const RootLayout& layout) {
    const std::string tag = layout.is_default() ? "" : layout.host_tag() + "-";
    return settings.directory / ("girofle-" + tag + "doctor");
}

std::string render_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout) {
    const std::string command = cron_shell_word(settings.command) + " --root " +
                                cron_shell_word(layout.root().string()) + " doctor --notify >" +
                                cron_shell_word((layout.logs() / "doctor.log").string()) +
                                (settings.mailto.empty() ? " 2>&1" : "");
    // doctor looks for the schedule files where they were written.
    const std::string cron_directory = settings.directory == CronSettings{}.directory
                                           ? ""
                                           : "GIROFLE_CRON_DIR=" + settings.directory.string() + "\n";
    return "# Hourly checks of the Girofle root " + layout.root().string() +
           ", problems announced to its webhooks; written by girofle.\n"
           "SHELL=/bin/sh\n"
           "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n" +
           cron_directory + (settings.mailto.empty() ? "" : "MAILTO=" + settings.mailto + "\n") + kDoctorSchedule +
           " " + settings.user + " " + command + "\n";
}

std::string render_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record) {
    // CRON USER LAUNCHER --root ROOT ARGUMENTS >>ROOT/logs/cron.log [2>&1]
    auto line = [&](const std::string& cron, const std::string& arguments) {
        return cron + " " + settings.user + " " + cron_shell_word(settings.command) + " --root " +
               cron_shell_word(layout.root().string()) + " " + arguments + " >>" +
               cron_shell_word((layout.logs() / "cron.log").string()) + (settings.mailto.empty() ? " 2>&1" : "") + "\n";
    };
    const std::string number = std::to_string(record.number);
    std::string file = "# Backups of " + record.label() + ", written by girofle; change them with `girofle schedule`.\n"
                       "SHELL=/bin/sh\n"
                       "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n" +
                       (settings.mailto.empty() ? "" : "MAILTO=" + settings.mailto + "\n") +
                       line(record.schedule.cron, "backup " + number + (record.schedule.remote ? " --remote" : ""));
    if (record.schedule.drill_enabled())
        file += line(record.schedule.drill, "drill " + number + (record.schedule.drill_remote ? " --from-remote" : ""));
    return file;
}

namespace {

// Before tags, every root wrote girofle-noeud-gitlab-N: such a file is this root's only when
// its cron line names this root.
std::filesystem::path untagged_path(const CronSettings& settings, const InstanceRecord& record) {
    return settings.directory / ("girofle-" + instance_base_name(record.number));
}

// Removes `path` only when it is this root's; a file another root wrote is never touched.
Result<void> remove_if_ours(const std::filesystem::path& path, const RootLayout& layout) {
    auto content = read_text_file(path);
    if (!content || !schedule_file_belongs_to(*content, layout)) return {};
    std::error_code error;
    std::filesystem::remove(path, error);
    if (error) return fail(ErrorKind::failed, "schedule file " + path.string(), "cannot remove: " + error.message());
    return {};
}

}  // namespace

Result<void> apply_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record) {
    if (!record.schedule.enabled()) return remove_schedule_file(settings, layout, record);
    if (auto safe = check_cron_safe("launcher command", settings.command); !safe) return safe;
    if (auto safe = check_cron_safe("root directory", layout.root().string()); !safe) return safe;
    if (!settings.mailto.empty())
        if (auto safe = check_cron_safe("notify.mailto", settings.mailto); !safe) return safe;
    std::error_code error;
    // The redirection in the cron line fails, and the backup never starts, without it.
    if (auto logs = create_private_directories(layout.logs()); !logs) return logs;
    if (!std::filesystem::is_directory(settings.directory, error))
        return fail(ErrorKind::failed, "cron directory " + settings.directory.string(),
                    "does not exist (is cron installed? set GIROFLE_CRON_DIR for another place)");
    const auto path = schedule_file_path(settings, layout, record);
    // A file there that backs up another root is that root's (an older Girofle gave every root
    // the same names); anything else there (a hand edit) is this root's to repair.
    if (auto existing = read_text_file(path);
        existing && existing->find(" --root ") != std::string::npos && !schedule_file_belongs_to(*existing, layout))
        return fail(ErrorKind::conflict, "schedule file " + path.string(),
                    "backs up another Girofle root; not overwriting it");
    // cron refuses files that others can write; 0644 is what packages install.
    auto written = write_file_atomically(path, render_schedule_file(settings, layout, record), 0644);
    if (!written) return written;
    if (auto doctor = apply_doctor_schedule_file(settings, layout); !doctor) return doctor;
    if (path == untagged_path(settings, record)) return written;
    return remove_if_ours(untagged_path(settings, record), layout);
}

Result<void> apply_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout) {
    if (auto safe = check_cron_safe("cron directory", settings.directory.string()); !safe) return safe;
    const auto path = doctor_schedule_file_path(settings, layout);
    const std::string wanted = render_doctor_schedule_file(settings, layout);
    auto existing = read_text_file(path);
    if (existing && (*existing == wanted || !schedule_file_belongs_to(*existing, layout))) return {};
    return write_file_atomically(path, wanted, 0644);
}

Result<void> remove_doctor_schedule_file(const CronSettings& settings, const RootLayout& layout) {
    return remove_if_ours(doctor_schedule_file_path(settings, layout), layout);
}

Result<void> remove_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                  const InstanceRecord& record) {
    if (auto removed = remove_if_ours(schedule_file_path(settings, layout, record), layout); !removed)
        return removed;
    return remove_if_ours(untagged_path(settings, record), layout);
}

ScheduleFileState schedule_file_state(const CronSettings& settings, const RootLayout& layout,
                                      const InstanceRecord& record) {
    auto content = read_text_file(schedule_file_path(settings, layout, record));
    if (!record.schedule.enabled()) return content ? ScheduleFileState::stale : ScheduleFileState::current;
    if (!content) return ScheduleFileState::absent;
    return *content == render_schedule_file(settings, layout, record) ? ScheduleFileState::current
                                                                      : ScheduleFileState::stale;
}

}  // namespace girofle
