// remote list, remote prune, remote check; and restore --from-remote, backup --remote.
#include "cli/commands/remote.hpp"

#include <iostream>
#include <memory>

#include "cli/output/table.hpp"
#include "cli/runtime.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/remote/location.hpp"

namespace girofle::cli {
namespace {

nlohmann::json snapshot_json(const RemoteSnapshot& snapshot) {
    return {{"instance", snapshot.instance}, {"name", snapshot.name},         {"backup", snapshot.snapshot},
            {"gitlab", snapshot.gitlab},     {"time", snapshot.time},         {"restic_id", snapshot.restic_id},
            {"path", snapshot.path}};
}

nlohmann::json push_json(const PushOutcome& pushed) {
    return {{"pushed", pushed.pushed},
            {"already_on_remote", pushed.already_on_remote},
            {"bytes_added", pushed.bytes_added},
            {"files_new", pushed.files_new},
            {"files_changed", pushed.files_changed},
            {"files_unmodified", pushed.files_unmodified}};
}

// Runs `act` with the services and the repository (--location, else girofle.json's).
template <typename Act>
CommandRun with_remote(std::shared_ptr<std::string> location, Act act) {
    return [location, act](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto repository = open_remote(*services, *location, nullptr);
        if (!repository) return std::unexpected(repository.error());
        auto outcome = act(globals, *services, *repository);
        globals.reporter->end_progress();
        return outcome;
    };
}

void add_list(CommandTable& table, CLI::App* remote) {
    auto location = std::make_shared<std::string>();
    auto instance = std::make_shared<std::string>();
    auto* command = table.add("list", "Girofle's snapshots in the remote repository",
                              with_remote(location, [instance](const GlobalOptions& globals, Services& services,
                                                               const ResticRepository& repository) -> Result<int> {
        auto snapshots = list_remote(services, repository, instance->empty() ? std::nullopt : std::optional(*instance));
        if (!snapshots) return std::unexpected(snapshots.error());
        globals.reporter->end_progress();
        if (globals.json) {
            nlohmann::json json = nlohmann::json::array();
            for (const auto& snapshot : *snapshots) json.push_back(snapshot_json(snapshot));
            std::cout << nlohmann::json{{"remote", redacted_location(repository.location)}, {"snapshots", json}}.dump(2) << "\n";
            return 0;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& snapshot : *snapshots)
            rows.push_back({std::to_string(snapshot.instance), snapshot.name.empty() ? "-" : snapshot.name,
                            snapshot.snapshot, snapshot.gitlab.empty() ? "?" : snapshot.gitlab, snapshot.short_id,
                            snapshot.time.substr(0, 19) + "Z"});
        print_table(std::cout, {"INSTANCE", "NAME", "BACKUP", "GITLAB", "RESTIC ID", "PUSHED AT"}, rows);
        return 0;
    }), remote);
    command->add_option("instance", *instance, "Only this instance (number or name it had)");
    command->add_option("--location", *location, "Restic repository (default: remote.repository in girofle.json)");
    table.add_host_paths(command, [location] { return host_paths_of_location(*location); });
}

void add_prune(CommandTable& table, CLI::App* remote) {
    auto location = std::make_shared<std::string>();
    auto* command = table.add("prune", "Forget old snapshots per instance (remote.keep) and free their space",
                              with_remote(location, [](const GlobalOptions& globals, Services& services,
                                                       const ResticRepository& repository) -> Result<int> {
        auto pruned = prune_remote(services, repository);
        if (!pruned) return std::unexpected(pruned.error());
        globals.reporter->end_progress();
        nlohmann::json json = nlohmann::json::array();
        for (const auto& outcome : *pruned) {
            json.push_back({{"instance", outcome.instance}, {"kept", outcome.kept}, {"removed", outcome.removed}});
            if (!globals.json)
                std::cout << "instance " << outcome.instance << ": " << outcome.removed << " snapshot(s) removed, "
                          << outcome.kept << " kept\n";
        }
        if (globals.json) std::cout << json.dump(2) << "\n";
        return 0;
    }), remote);
    command->add_option("--location", *location, "Restic repository (default: remote.repository in girofle.json)");
    table.add_host_paths(command, [location] { return host_paths_of_location(*location); });
}

void add_check(CommandTable& table, CLI::App* remote) {
    auto location = std::make_shared<std::string>();
    auto subset = std::make_shared<std::string>();
    auto read_data = std::make_shared<bool>(false);
    auto* command = table.add("check", "Verify the remote repository's integrity (restic check)",
                              with_remote(location, [subset, read_data](const GlobalOptions& globals, Services& services,
                                                                        const ResticRepository& repository) -> Result<int> {
        auto checked = check_remote(services, repository, *read_data ? "all" : *subset);
        if (!checked) return std::unexpected(checked.error());
        globals.reporter->end_progress();
        if (globals.json) std::cout << nlohmann::json{{"ok", true}}.dump(2) << "\n";
        else std::cout << repository.object() << ": no errors found\n";
        return 0;
    }), remote);
    command->add_option("--location", *location, "Restic repository (default: remote.repository in girofle.json)");
    table.add_host_paths(command, [location] { return host_paths_of_location(*location); });
    auto* all = command->add_flag("--read-data", *read_data, "Read back every pack file (downloads everything)");
    command->add_option("--read-data-subset", *subset, "Read back a part: N/M, P% or a size such as 2G")
        ->excludes(all);
}

}  // namespace

Result<int> run_restore_from_remote(const GlobalOptions& globals, const RemoteRestoreOptions& options) {
    Runtime runtime(globals);
    auto services = runtime.services();
    if (!services) return std::unexpected(services.error());
    auto outcome = restore_from_remote(*services, options);
    if (!outcome) return std::unexpected(outcome.error());
    globals.reporter->end_progress();
    if (globals.json) {
        nlohmann::json json = to_json(outcome->record);
        json["backup"] = outcome->backup_id;
        json["restic_id"] = outcome->restic_id;
        std::cout << json.dump(2) << "\n";
    } else {
        std::cout << outcome->record.label() << " restored from backup " << outcome->backup_id << " (remote snapshot "
                  << outcome->restic_id << "): " << outcome->record.external_url << "\n";
    }
    return 0;
}

Result<std::string> push_backup(Services& services, const ResticRepository& repository, const BackupOutcome& outcome,
                                nlohmann::json& json) {
    auto pushed = push_to_remote(services, repository, outcome.record, outcome.manifest.id);
    if (!pushed) return std::unexpected(pushed.error());
    json["remote"] = push_json(*pushed);
    return outcome.record.label() + ": " + std::to_string(pushed->pushed.size()) + " backup(s) pushed to " +
           repository.object() + " (" + std::to_string(pushed->bytes_added) + " bytes added)";
}

void add_push(CommandTable& table, CLI::App* remote) {
    auto instance = std::make_shared<std::string>();
    auto backup_id = std::make_shared<std::string>();
    auto location = std::make_shared<std::string>();
    auto* command = table.add(
        "push", "Push a backup (default: the newest) and those left pending to the remote",
        [instance, backup_id, location](const GlobalOptions& globals) -> Result<int> {
            Runtime runtime(globals);
            auto services = runtime.services();
            if (!services) return std::unexpected(services.error());
            auto records = services->inventory.list();
            if (!records) return std::unexpected(records.error());
            auto record = find_instance(*records, *instance);
            if (!record) return std::unexpected(record.error());
            auto repository = open_remote(*services, *location, &*record);
            if (!repository) return std::unexpected(repository.error());
            SnapshotStore store(services->layout.backups(record->number));
            auto entry = find_or_newest_usable(store, backup_id->empty() ? std::nullopt : std::optional(*backup_id),
                                               record->label());
            if (!entry) return std::unexpected(entry.error());
            auto pushed = push_to_remote(*services, *repository, *record, entry->id);
            if (!pushed) return std::unexpected(pushed.error());
            globals.reporter->end_progress();
            if (globals.json) std::cout << push_json(*pushed).dump(2) << "\n";
            else if (pushed->pushed.empty() && !pushed->already_on_remote.empty())
                std::cout << record->label() << ": backup " << pushed->already_on_remote.back() << " is already on "
                          << repository->object() << "; nothing pushed\n";
            else
                std::cout << record->label() << ": " << pushed->pushed.size() << " backup(s) pushed to "
                          << repository->object() << " (" << pushed->bytes_added << " bytes added; files read: "
                          << pushed->files_new + pushed->files_changed << ", unchanged: " << pushed->files_unmodified
                          << ")\n";
            return 0;
        },
        remote);
    command->add_option("instance", *instance, "Instance (number or name)")->required();
    command->add_option("--backup", *backup_id, "The backup to push (default: the newest usable one)");
    command->add_option("--location", *location, "Restic repository (default: the instance's in girofle.json)");
    table.add_host_paths(command, [location] { return host_paths_of_location(*location); });
}

void add_unlock(CommandTable& table, CLI::App* remote) {
    auto location = std::make_shared<std::string>();
    auto remove_all = std::make_shared<bool>(false);
    auto* command = table.add("unlock", "Remove the restic locks whose process is gone (restic unlock)",
                              with_remote(location, [remove_all](const GlobalOptions& globals, Services& services,
                                                                 const ResticRepository& repository) -> Result<int> {
        if (auto unlocked = unlock_remote(services, repository, *remove_all); !unlocked)
            return std::unexpected(unlocked.error());
        globals.reporter->end_progress();
        if (globals.json) std::cout << nlohmann::json{{"ok", true}}.dump(2) << "\n";
        else std::cout << repository.object() << ": " << (*remove_all ? "every lock" : "stale locks") << " removed\n";
        return 0;
    }), remote);
    command->add_option("--location", *location, "Restic repository (default: remote.repository in girofle.json)");
    command->add_flag("--remove-all", *remove_all,
                      "Every lock, live ones too: only when no restic anywhere uses the repository");
}

void register_remote_commands(CommandTable& table) {
    CLI::App* remote = table.app().add_subcommand("remote", "The restic remote: list, prune, check, unlock, push");
    remote->require_subcommand(1);
    add_list(table, remote);
    add_prune(table, remote);
    add_check(table, remote);
    add_unlock(table, remote);
    add_push(table, remote);
}

}  // namespace girofle::cli
