// drill: restore a snapshot into a throwaway container and check what came back.
#include <iostream>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/runtime.hpp"
#include "core/operations/drill.hpp"

namespace girofle::cli {

void register_drill_command(CommandTable& table) {
    struct Options {
        std::string instance;
        std::string backup;
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add(
        "drill", "Prove a snapshot restorable: restore it into a throwaway container without network and check it",
        [options](const GlobalOptions& globals) -> Result<int> {
            Runtime runtime(globals);
            auto services = runtime.services();
            if (!services) return std::unexpected(services.error());
            auto done = drill(*services, {options->instance,
                                          options->backup.empty() ? std::nullopt : std::optional(options->backup)});
            if (!done) return std::unexpected(done.error());
            globals.reporter->end_progress();
            const auto& report = done->report;
            if (globals.json) {
                std::cout << to_json(report).dump(2) << "\n";
            } else {
                for (const auto& check : report.checks)
                    std::cout << (check.skipped ? "skipped " : check.passed ? "ok      " : "FAILED  ") << check.name
                              << ": " << check.detail << "\n";
                std::cout << done->record.label() << ": drill of backup " << report.backup_id << " "
                          << (report.passed() ? "passed" : "FAILED") << " in " << report.duration_ms / 1000.0 << " s\n";
            }
            if (report.passed()) return 0;
            std::size_t failed = 0;
            for (const auto& check : report.checks) failed += check.passed || check.skipped ? 0 : 1;
            return fail(ErrorKind::failed, "backup " + report.backup_id + " of " + done->record.label(),
                        "drill failed: " + report.first_failure() + " (" + std::to_string(failed) + " of " +
                            std::to_string(report.checks.size()) + " checks failed)");
        });
    command->add_option("instance", options->instance, "Instance number, name or container name")->required();
    command->add_option("--backup", options->backup, "The snapshot ID (default: the newest usable one)");
}

}  // namespace girofle::cli
