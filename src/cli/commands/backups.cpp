// backup, backups, verify, restore.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/commands/remote.hpp"
#include "cli/output/table.hpp"
#include "cli/runtime.hpp"
#include "core/inventory/instance_host.hpp"
#include "core/operations/backup.hpp"
#include "core/operations/list_backups.hpp"
#include "core/operations/restore.hpp"
#include "core/operations/verify.hpp"

namespace girofle::cli {
namespace {

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    return text;
}

std::string describe(const BackupOutcome& outcome) {
    const auto& manifest = outcome.manifest;
    std::string line = outcome.record.label() + ": backup " + manifest.id + " (" + manifest.strategy + ", " +
                       std::to_string(manifest.files) + " files, " + megabytes(manifest.bytes);
    if (manifest.strategy == "freeze" || manifest.strategy == "stop")
        line += ", GitLab " + std::string(manifest.strategy == "freeze" ? "paused " : "stopped ") +
                std::to_string(manifest.freeze_window_ms) + " ms";
    line += ")";
    if (!outcome.pruned.empty()) line += "; " + std::to_string(outcome.pruned.size()) + " old backup(s) pruned";
    return line;
}

nlohmann::json outcome_json(const BackupOutcome& outcome) {
    return {{"instance", outcome.record.number}, {"manifest", to_json(outcome.manifest)}, {"pruned", outcome.pruned}};
}

void add_backup(CommandTable& table) {
    struct Options {
        std::string instance;
        bool all = false;
        std::string strategy = "freeze";
        bool remote = false;
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add("backup", "Take a consistent, incremental snapshot of an instance",
                              [options](const GlobalOptions& globals) -> Result<int> {
        auto strategy = backup_strategy_from(options->strategy);
        if (options->all == !options->instance.empty())
            return fail(ErrorKind::usage, "backup", "give one INSTANCE or --all");
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        // Each instance's remote is opened before any backup: a bad setting changes nothing.
        std::map<std::uint64_t, ResticRepository> remotes;
        if (options->remote) {
            auto records = services->inventory.list();
            if (!records) return std::unexpected(records.error());
            std::vector<InstanceRecord> chosen;
            if (!options->all) {
                auto record = find_instance(*records, options->instance);
                if (!record) return std::unexpected(record.error());
                chosen.push_back(*record);
            } else {
                std::copy_if(records->begin(), records->end(), std::back_inserter(chosen),
                             [](const InstanceRecord& record) { return record.state == InstanceState::active; });
            }
            for (const auto& record : chosen) {
                auto repository = open_remote(*services, "", &record);
                if (!repository) return std::unexpected(repository.error());
                remotes.emplace(record.number, std::move(*repository));
            }
        }
        std::vector<Error> failed;
        nlohmann::json done = nlohmann::json::array();
        auto report = [&](const BackupOutcome& outcome) {
            globals.reporter->end_progress();
            nlohmann::json json = outcome_json(outcome);
            if (!globals.json) std::cout << describe(outcome) << "\n" << std::flush;
            if (auto remote = remotes.find(outcome.record.number); remote != remotes.end()) {
                auto pushed = push_backup(*services, remote->second, outcome, json);
                globals.reporter->end_progress();
                if (!pushed) failed.push_back(pushed.error());
                else if (!globals.json) std::cout << *pushed << "\n";
            }
            done.push_back(json);
        };
        if (!options->all) {
            auto outcome = backup(*services, options->instance, *strategy);
            if (!outcome) return std::unexpected(outcome.error());
            report(*outcome);
            if (globals.json) std::cout << done.front().dump(2) << "\n";
        } else {
            auto batch = backup_all(*services, *strategy);
            failed = batch.failed;
            for (const auto& outcome : batch.done) report(outcome);
            if (globals.json) {
                nlohmann::json failures = nlohmann::json::array();
                for (const auto& error : failed) failures.push_back(error.message());
                std::cout << nlohmann::json{{"done", done}, {"failed", failures}}.dump(2) << "\n";
            }
        }
        if (failed.empty()) return 0;
        // Every failure but the last is reported here; the last one ends the command.
        for (std::size_t i = 0; i + 1 < failed.size(); ++i)
            std::cerr << "girofle: error: " << failed[i].message() << "\n";
        return std::unexpected(failed.back());
    });
    command->add_option("instance", options->instance, "Instance number, name or container name");
    command->add_flag("--all", options->all, "Every active instance");
    command->add_option("--strategy", options->strategy,
                        "freeze (pause for a final pass), stop (cold copy) or app (gitlab-backup)")
        ->check(CLI::IsMember({"freeze", "stop", "app"}))
        ->capture_default_str();
    command->add_flag("--remote", options->remote,
                      "Then push it, and any snapshot an earlier run could not push, to the restic remote");
}

void add_backups(CommandTable& table) {
    auto instance = std::make_shared<std::string>();
    auto* command = table.add("backups", "List an instance's snapshots: time, strategy, size, verification, last drill",
                              [instance](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto listing = list_backups(*services, *instance);
        if (!listing) return std::unexpected(listing.error());
        nlohmann::json json = nlohmann::json::array();
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < listing->snapshots.size(); ++i) {
            const auto& entry = listing->snapshots[i];
            std::string verified = !entry.manifest ? "DAMAGED (manifest)"
                                   : !entry.verification ? "not yet"
                                   : entry.verification->ok ? "ok " + entry.verification->checked_at
                                                            : "DAMAGED " + entry.verification->checked_at;
            const std::string drilled = !entry.drill ? "never"
                                        : (entry.drill->passed() ? "passed " : "FAILED ") + entry.drill->started_at;
            if (globals.json) {
                nlohmann::json item = {{"id", entry.id}, {"added_bytes", listing->added_bytes[i]}, {"verified", verified}};
                if (entry.manifest) item["manifest"] = to_json(*entry.manifest);
                if (entry.drill) item["drill"] = to_json(*entry.drill);
                json.push_back(item);
                continue;
            }
            const auto* manifest = entry.manifest ? &*entry.manifest : nullptr;
            rows.push_back({entry.id, manifest ? manifest->strategy : "?",
                            manifest ? std::to_string(manifest->files) : "?",
                            manifest ? megabytes(manifest->bytes) : "?", megabytes(listing->added_bytes[i]),
                            manifest ? std::to_string(manifest->freeze_window_ms) + " ms" : "?", verified, drilled});
        }
        nlohmann::json remote_drills = nlohmann::json::array();
        for (const auto& drill : listing->remote_drills) remote_drills.push_back(to_json(drill));
        if (globals.json) {
            std::cout << nlohmann::json{{"instance", listing->record.number}, {"backups", json}, {"remote_drills", remote_drills}}
                             .dump(2)
                      << "\n";
            return 0;
        }
        print_table(std::cout, {"BACKUP", "STRATEGY", "FILES", "SIZE", "ADDED ON DISK", "PAUSED", "VERIFIED", "DRILL"}, rows);
        // Snapshots fetched from a remote need not be on this root: their drills are listed apart.
        for (const auto& drill : listing->remote_drills)
            std::cout << "remote drill of backup " << drill.report.backup_id << " (" << drill.restic_id << " of "
                      << drill.remote << "): " << (drill.report.passed() ? "passed " : "FAILED ")
                      << drill.report.started_at << "\n";
        return 0;
    });
    command->add_option("instance", *instance, "Instance number, name or container name")->required();
}

void add_verify(CommandTable& table) {
    struct Options {
        std::string instance;
        std::string backup;
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add("verify", "Check snapshots against their checksums: missing, truncated or altered files",
                              [options](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto results = verify_backups(*services, options->instance,
                                      options->backup.empty() ? std::nullopt : std::optional(options->backup));
        if (!results) return std::unexpected(results.error());
        globals.reporter->end_progress();
        std::size_t damaged = 0;
        nlohmann::json json = nlohmann::json::array();
        for (const auto& [id, result] : *results) {
            if (!result.ok) ++damaged;
            if (globals.json) {
                json.push_back({{"id", id}, {"ok", result.ok}, {"files_checked", result.files_checked},
                                {"problems", result.problems}});
                continue;
            }
            std::cout << id << ": " << (result.ok ? "ok" : "DAMAGED") << " (" << result.files_checked
                      << " files checked)\n";
            for (const auto& problem : result.problems) std::cout << "  " << problem << "\n";
        }
        if (globals.json) std::cout << json.dump(2) << "\n";
        if (damaged == 0) return 0;
        return fail(ErrorKind::failed, "instance '" + options->instance + "'",
                    std::to_string(damaged) + " of " + std::to_string(results->size()) + " backup(s) damaged");
    });
    command->add_option("instance", options->instance, "Instance number, name or container name")->required();
    command->add_option("--backup", options->backup, "Only this snapshot ID");
}

std::string prompt(const std::string& question) {
    std::cerr << question << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer;
}

void add_restore(CommandTable& table) {
    struct Options {
        std::vector<std::string> arguments;
        std::string backup, ip, as;
        std::string from_remote, remote_instance, snapshot;
    };
    auto options = std::make_shared<Options>();
    auto self = std::make_shared<CLI::App*>(nullptr);  // for printing its own help
    CLI::App* command = table.add("restore", "Bring an instance back from a snapshot (INSTANCE, or CONTAINER DIRECTORY)",
                                  [options, self](const GlobalOptions& globals) -> Result<int> {
        auto arguments = options->arguments;
        if (!options->from_remote.empty()) {
            if (!arguments.empty() || !options->backup.empty())
                return fail(ErrorKind::usage, "restore", "--from-remote takes --instance and --snapshot, not INSTANCE or --backup");
            auto optional = [](const std::string& text) { return text.empty() ? std::nullopt : std::optional(text); };
            return run_restore_from_remote(globals, {.location = options->from_remote,
                                                     .instance = optional(options->remote_instance),
                                                     .snapshot = optional(options->snapshot),
                                                     .ip = optional(options->ip),
                                                     .as_name = optional(options->as)});
        }
        if (!options->remote_instance.empty() || !options->snapshot.empty())
            return fail(ErrorKind::usage, "restore", "--instance and --snapshot go with --from-remote");
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        RestoreOptions restore_options;
        if (!options->backup.empty()) restore_options.backup_id = options->backup;
        if (!options->ip.empty()) restore_options.ip = options->ip;
        if (!options->as.empty()) restore_options.as_name = options->as;

        if (arguments.empty()) {
            // The original form asks on a terminal; under cron or a pipe that is a usage error.
            if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDERR_FILENO) != 1)
                return fail(ErrorKind::usage, "restore", "give INSTANCE, or CONTAINER DIRECTORY (no terminal to ask on)");
            arguments.push_back(prompt("Container to restore: "));
            arguments.push_back(prompt("Directory holding its mapping-volumes and bckups: "));
        }
        if (arguments.size() == 1) {
            auto records = services->inventory.list();
            if (!records) return std::unexpected(records.error());
            // Another host's instance is refused by name, not mistaken for the original form.
            auto found = find_instance_on_this_host(services->inventory, *records, arguments[0], "restore");
            if (!found && found.error().kind != ErrorKind::usage) return std::unexpected(found.error());
            if (!found)
                return fail(ErrorKind::usage, "restore",
                            "'" + arguments[0] +
                                "' is not an instance (see girofle list --all); the original form needs both CONTAINER and DIRECTORY");
            restore_options.instance = arguments[0];
        } else {
            auto instance = check_original_restore_form(*services, arguments[0], arguments[1]);
            if (!instance) return std::unexpected(instance.error());
            restore_options.instance = *instance;
            restore_options.backups_directory = std::filesystem::path(arguments[1]) / "bckups";
        }
        auto outcome = restore(*services, restore_options);
        if (!outcome) return std::unexpected(outcome.error());
        globals.reporter->end_progress();
        if (globals.json) {
            nlohmann::json json = to_json(outcome->record);
            json["backup"] = outcome->backup_id;
            json["set_aside"] = outcome->set_aside.string();
            std::cout << json.dump(2) << "\n";
        } else {
            std::cout << outcome->record.label() << " restored from backup " << outcome->backup_id << ": "
                      << outcome->record.external_url << "\n";
            if (!outcome->set_aside.empty())
                std::cout << "the volumes it replaced are kept in " << outcome->set_aside.string() << "\n";
        }
        return 0;
    });
    *self = command;
    table.add_host_paths(command, [options] {
        auto paths = host_paths_of_location(options->from_remote);
        // The original form's DIRECTORY: restore records its verification in the snapshots there.
        if (options->arguments.size() == 2) paths.push_back(host_path(options->arguments[1], true));
        return paths;
    });
    command->add_option("arguments", options->arguments, "INSTANCE, or CONTAINER DIRECTORY (the original form)")
        ->expected(0, 2)
        ->type_name("INSTANCE | CONTAINER DIRECTORY");
    command->add_option("--backup", options->backup, "Snapshot ID (default: the newest usable one)");
    command->add_option("--ip", options->ip, "Publish the restored instance on this address");
    command->add_option("--as", options->as, "Restore into a new instance with this name, beside the old one");
    command->add_option("--from-remote", options->from_remote,
                        "Restore on this host from a restic repository (a fresh root will do)");
    command->add_option("--instance", options->remote_instance,
                        "With --from-remote: the instance (number or name it had)");
    command->add_option("--snapshot", options->snapshot,
                        "With --from-remote: Girofle's backup ID or restic's snapshot ID (default: the newest)");
}

}  // namespace

void register_backup_commands(CommandTable& table) {
    add_backup(table);
    add_backups(table);
    add_verify(table);
    add_restore(table);
}

}  // namespace girofle::cli
