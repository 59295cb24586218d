// drill: restore a snapshot into a throwaway container and check what came back.
#include <iostream>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/host_paths.hpp"
#include "cli/runtime.hpp"
#include "core/operations/drill.hpp"

namespace girofle::cli {

void register_drill_command(CommandTable& table) {
    struct Options {
        std::string instance;
        std::string backup;
        std::string location;
        CLI::Option* from_remote = nullptr;  // given, with or without LOCATION
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add(
        "drill", "Prove a snapshot restorable: restore it into a throwaway container without network and check it",
        [options](const GlobalOptions& globals) -> Result<int> {
            Runtime runtime(globals);
            auto services = runtime.services();
            if (!services) return std::unexpected(services.error());
            const bool from_remote = options->from_remote->count() > 0;
            auto done = drill(*services, {options->instance,
                                          options->backup.empty() ? std::nullopt : std::optional(options->backup),
                                          from_remote ? std::optional(options->location) : std::nullopt});
            if (!done) return std::unexpected(done.error());
            globals.reporter->end_progress();
            const auto& report = done->report;
            const std::string remote = done->remote.empty() ? "" : " (remote snapshot " + done->restic_id + " of " + done->remote + ")";
            if (globals.json) {
                auto json = to_json(report);
                if (!done->remote.empty()) {
                    json["remote"] = done->remote;
                    json["restic_id"] = done->restic_id;
                }
                std::cout << json.dump(2) << "\n";
            } else {
                for (const auto& check : report.checks)
                    std::cout << (check.skipped ? "skipped " : check.passed ? "ok      " : "FAILED  ") << check.name
                              << ": " << check.detail << "\n";
                std::cout << done->record.label() << ": drill of backup " << report.backup_id << remote << " "
                          << (report.passed() ? "passed" : "FAILED") << " in " << report.duration_ms / 1000.0 << " s\n";
            }
            if (report.passed()) return 0;
            std::size_t failed = 0;
            for (const auto& check : report.checks) failed += check.passed || check.skipped ? 0 : 1;
            return fail(ErrorKind::failed, "backup " + report.backup_id + " of " + done->record.label() + remote,
                        "drill failed: " + report.first_failure() + " (" + std::to_string(failed) + " of " +
                            std::to_string(report.checks.size()) + " checks failed)");
        });
    command->add_option("instance", options->instance, "Instance number, name or container name")->required();
    command->add_option("--backup", options->backup,
                        "The snapshot ID (default: the newest usable one); with --from-remote, Girofle's or restic's ID");
    options->from_remote =
        command->add_option("--from-remote", options->location,
                            "Drill the instance's snapshot held on this restic repository (default: its configured one)")
            ->expected(0, 1)
            ->type_name("[LOCATION]");
    table.add_host_paths(command, [options] { return host_paths_of_location(options->location); });
}

}  // namespace girofle::cli
