// log: the operation history from ROOT/logs/operations.jsonl, as a table or --json.
#include <iostream>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/output/table.hpp"
#include "cli/runtime.hpp"
#include "core/clock.hpp"
#include "core/observe/history.hpp"

namespace girofle::cli {
namespace {

std::string milliseconds_text(const std::optional<std::int64_t>& ms) {
    if (!ms) return "";
    if (*ms < 1000) return std::to_string(*ms) + " ms";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(*ms) / 1000);
    return text;
}

struct LogOptions {
    std::string instance;
    std::string since;
    bool failed = false;
    bool json = false;
};

Result<int> show_log(const GlobalOptions& globals, const LogOptions& options) {
    HistoryFilter filter;
    filter.failed_only = options.failed;
    if (!options.since.empty()) {
        auto window = parse_duration(options.since);
        if (!window) return std::unexpected(window.error().about("--since"));
        filter.since = std::chrono::system_clock::now() - *window;
    }
    RootLayout layout(globals.root);
    if (!options.instance.empty()) {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto records = services->inventory.list();
        if (!records) return std::unexpected(records.error());
        auto record = find_instance(*records, options.instance);
        if (!record) return std::unexpected(record.error());
        filter.instance = record->number;
        layout = services->layout;
    }
    auto history = read_history(layout.operations_log());
    if (!history) return std::unexpected(history.error());
    if (history->unreadable_lines > 0)
        globals.reporter->warn(layout.operations_log().string() + ": skipped " +
                               std::to_string(history->unreadable_lines) + " unreadable line(s)");
    const auto entries = filter_history(history->entries, filter);
    if (options.json || globals.json) {
        nlohmann::json lines = nlohmann::json::array();
        for (const auto& entry : entries) lines.push_back(entry.line);
        std::cout << lines.dump(2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& entry : entries)
        rows.push_back({rfc3339_utc(entry.time), entry.instance ? std::to_string(*entry.instance) : "-",
                        entry.operation, entry.outcome, milliseconds_text(entry.duration_ms),
                        milliseconds_text(entry.freeze_window_ms), entry.error});
    print_table(std::cout, {"TIME", "INSTANCE", "OPERATION", "OUTCOME", "DURATION", "FREEZE", "ERROR"}, rows);
    return 0;
}

}  // namespace

void register_log_command(CommandTable& table) {
    auto options = std::make_shared<LogOptions>();
    auto* command = table.add("log", "Show the operation history: time, instance, operation, outcome, duration, freeze window, error",
                              [options](const GlobalOptions& globals) { return show_log(globals, *options); });
    command->add_option("instance", options->instance, "Only this instance (number, name or container name)");
    command->add_option("--since", options->since, "Only the last DURATION: 90s, 30m, 12h, 7d, 2w, 1h30m");
    command->add_flag("--failed", options->failed, "Only failed operations");
    command->add_flag("--json", options->json, "Print the records as one JSON array");
}

}  // namespace girofle::cli
