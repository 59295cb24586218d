// schedule show|set|remove.
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/output/table.hpp"
#include "cli/runtime.hpp"
#include "core/operations/schedule.hpp"

namespace girofle::cli {
namespace {

// A turned-off schedule whose file is gone, as it should be, has no file at all.
const char* file_state_text(const ScheduleView& view) {
    if (!view.record.schedule.enabled() && view.file_state == ScheduleFileState::current) return "none";
    switch (view.file_state) {
        case ScheduleFileState::absent: return "missing";
        case ScheduleFileState::current: return "installed";
        case ScheduleFileState::stale: return "stale";
    }
    return "missing";
}

// Cron reads local time, so the next run is shown in it.
std::string local_time_text(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm parts{};
    ::localtime_r(&seconds, &parts);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M %Z", &parts);
    return text;
}

std::string schedule_text(const BackupSchedule& schedule) {
    if (schedule.cron.empty()) return "unset";
    return schedule.cron + (schedule.remote ? " (+remote)" : "") +
           (schedule.drill_enabled() ? "; drill " + schedule.drill + (schedule.drill_remote ? " (from remote)" : "") : "");
}

nlohmann::json view_json(const ScheduleView& view) {
    nlohmann::json json = {{"instance", view.record.number},
                           {"container", view.record.container},
                           {"cron", view.record.schedule.cron},
                           {"remote", view.record.schedule.remote},
                           {"drill", view.record.schedule.drill},
                           {"drill_from_remote", view.record.schedule.drill_remote},
                           {"file", view.record.schedule.enabled() ? view.file.string() : ""},
                           {"file_state", file_state_text(view)}};
    json["next_run"] = view.next_run ? nlohmann::json(rfc3339_utc(*view.next_run)) : nlohmann::json();
    return json;
}

void print_views(const GlobalOptions& globals, const std::vector<ScheduleView>& views) {
    if (globals.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& view : views) list.push_back(view_json(view));
        std::cout << nlohmann::json{{"schedules", list}}.dump(2) << "\n";
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& view : views)
        rows.push_back({std::to_string(view.record.number), view.record.container, schedule_text(view.record.schedule),
                        view.next_run ? local_time_text(*view.next_run) : "-", file_state_text(view),
                        view.record.schedule.enabled() ? view.file.string() : "-"});
    print_table(std::cout, {"N", "CONTAINER", "SCHEDULE", "NEXT RUN", "FILE", "PATH"}, rows);
}

void add_show(CommandTable& table, CLI::App* group) {
    auto instance = std::make_shared<std::string>();
    auto* command = table.add("show", "Show when each instance is backed up and whether cron has its file",
                              [instance](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto views = show_schedules(*services, instance->empty() ? std::nullopt : std::optional(*instance));
        if (!views) return std::unexpected(views.error());
        print_views(globals, *views);
        return 0;
    }, group);
    command->add_option("instance", *instance, "Instance number, name or container name (default: every active one)");
}

void add_set(CommandTable& table, CLI::App* group) {
    struct Options {
        std::string instance, cron, drill;
        bool remote = false;
        bool drill_from_remote = false;
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add("set", "Back an instance up on a cron schedule (\"0 */4 * * *\"), or never (none)",
                              [options](const GlobalOptions& globals) -> Result<int> {
        auto schedule = parse_backup_schedule(options->cron, options->remote, options->drill, options->drill_from_remote);
        if (!schedule) return std::unexpected(schedule.error());
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto view = set_schedule(*services, options->instance, *schedule);
        if (!view) return std::unexpected(view.error());
        print_views(globals, {*view});
        return 0;
    }, group);
    command->add_option("instance", options->instance, "Instance number, name or container name")->required();
    command->add_option("cron", options->cron, "Five cron fields, an @macro, or none")->required();
    command->add_flag("--remote", options->remote, "Also push each scheduled snapshot to the remote storage");
    command->add_option("--drill", options->drill,
                        "Restore drill of the newest snapshot on this cron schedule, or none (default: unchanged)");
    command->add_flag("--drill-from-remote", options->drill_from_remote,
                      "With --drill: each drill fetches the newest snapshot from the instance's remote");
}

void add_remove(CommandTable& table, CLI::App* group) {
    auto instance = std::make_shared<std::string>();
    auto* command = table.add("remove", "Stop backing an instance up on a schedule",
                              [instance](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto view = set_schedule(*services, *instance, BackupSchedule{.cron = "none"});
        if (!view) return std::unexpected(view.error());
        print_views(globals, {*view});
        return 0;
    }, group);
    command->add_option("instance", *instance, "Instance number, name or container name")->required();
}

}  // namespace

void register_schedule_commands(CommandTable& table) {
    auto* group = table.app().add_subcommand("schedule", "Show or change when cron backs instances up");
    group->require_subcommand(1);
    add_show(table, group);
    add_set(table, group);
    add_remove(table, group);
}

}  // namespace girofle::cli
