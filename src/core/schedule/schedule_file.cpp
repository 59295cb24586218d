#include "core/schedule/schedule_file.hpp"

#include <system_error>

#include "core/file_io.hpp"

namespace girofle {
namespace {

// A word for the shell cron starts, inside single quotes. '%' is cron's own newline
// marker even between quotes, so it is escaped for cron too.
std::string cron_shell_word(const std::string& word) {
    std::string quoted = "'";
    for (char c : word) {
        if (c == '\'') quoted += "'\\''";
        else if (c == '%') quoted += "\\%";
        else quoted += c;
    }
    return quoted + "'";
}

Result<void> check_cron_safe(const std::string& what, const std::string& value) {
    if (value.empty()) return fail(ErrorKind::usage, what, "is empty");
    if (value.find_first_of("\n\r") != std::string::npos)
        return fail(ErrorKind::usage, what + " '" + value + "'", "cannot be written into a cron line (line break)");
    return {};
}

}  // namespace

std::filesystem::path schedule_file_path(const CronSettings& settings, const InstanceRecord& record) {
    // Cron skips file names with dots; the instance base name has none.
    return settings.directory / ("girofle-" + instance_base_name(record.number));
}

std::string render_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record) {
    std::string command = cron_shell_word(settings.command) + " --root " +
                          cron_shell_word(layout.root().string()) + " backup " + std::to_string(record.number);
    if (record.schedule.remote) command += " --remote";
    command += " >>" + cron_shell_word((layout.logs() / "cron.log").string()) + (settings.mailto.empty() ? " 2>&1" : "");
    return "# Backups of " + record.label() + ", written by girofle; change them with `girofle schedule`.\n"
           "SHELL=/bin/sh\n"
           "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n" +
           (settings.mailto.empty() ? "" : "MAILTO=" + settings.mailto + "\n") +
           record.schedule.cron + " " + settings.user + " " + command + "\n";
}

Result<void> apply_schedule_file(const CronSettings& settings, const RootLayout& layout,
                                 const InstanceRecord& record) {
    if (!record.schedule.enabled()) return remove_schedule_file(settings, record);
    if (auto safe = check_cron_safe("launcher command", settings.command); !safe) return safe;
    if (auto safe = check_cron_safe("root directory", layout.root().string()); !safe) return safe;
    if (!settings.mailto.empty())
        if (auto safe = check_cron_safe("notify.mailto", settings.mailto); !safe) return safe;
    std::error_code error;
    // The redirection in the cron line fails, and the backup never starts, without it.
    std::filesystem::create_directories(layout.logs(), error);
    if (error) return fail(ErrorKind::failed, layout.logs().string(), "cannot create: " + error.message());
    if (!std::filesystem::is_directory(settings.directory, error))
        return fail(ErrorKind::failed, "cron directory " + settings.directory.string(),
                    "does not exist (is cron installed? set GIROFLE_CRON_DIR for another place)");
    // cron refuses files that others can write; 0644 is what packages install.
    return write_file_atomically(schedule_file_path(settings, record),
                                 render_schedule_file(settings, layout, record), 0644);
}

Result<void> remove_schedule_file(const CronSettings& settings, const InstanceRecord& record) {
    const auto path = schedule_file_path(settings, record);
    std::error_code error;
    std::filesystem::remove(path, error);
    if (error) return fail(ErrorKind::failed, "schedule file " + path.string(), "cannot remove: " + error.message());
    return {};
}

ScheduleFileState schedule_file_state(const CronSettings& settings, const RootLayout& layout,
                                      const InstanceRecord& record) {
    auto content = read_text_file(schedule_file_path(settings, record));
    if (!record.schedule.enabled()) return content ? ScheduleFileState::stale : ScheduleFileState::current;
    if (!content) return ScheduleFileState::absent;
    return *content == render_schedule_file(settings, layout, record) ? ScheduleFileState::current
                                                                      : ScheduleFileState::stale;
}

}  // namespace girofle
