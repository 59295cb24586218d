// inventory migrate --to URL | inventory check | inventory rebuild: moving the records between backends and
// comparing them with what the host shows.
#include <iostream>

#include "cli/command_table.hpp"
#include "cli/runtime.hpp"
#include "core/inventory/inventory_location.hpp"
#include "core/inventory/migration.hpp"
#include "core/inventory/rebuild.hpp"
#include "core/root_config.hpp"

namespace girofle::cli {
namespace {

void add_migrate(CommandTable& table, CLI::App* group) {
    auto target = std::make_shared<std::string>();
    auto* command = table.add("migrate", "Copy this host's records into another inventory (LMDB to etcd and back)",
                              [target](const GlobalOptions& globals) -> Result<int> {
        auto location = parse_inventory_location(*target);
        if (!location) return std::unexpected(location.error());
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto destination = open_inventory(*target, services->layout, services->config);
        if (!destination) return std::unexpected(destination.error());
        if ((*destination)->location() == services->inventory.location())
            return fail(ErrorKind::usage, "--to " + *target, "is the inventory in use already");
        auto copied = migrate_inventory(services->inventory, **destination, services->layout);
        if (!copied) return std::unexpected(copied.error());
        if (globals.json)
            std::cout << nlohmann::json{{"from", services->inventory.location()},
                                        {"to", (*destination)->location()},
                                        {"records", *copied}}.dump(2) << "\n";
        else
            std::cout << *copied << " record(s) copied from " << services->inventory.location() << " to "
                      << (*destination)->location() << "; use it with --inventory " << location->url()
                      << " or \"inventory\" in girofle.json\n";
        return 0;
    }, group);
    command->add_option("--to", *target, "lmdb:PATH or etcd://HOST:PORT[,HOST:PORT...]/FLEET")->required();
}

void add_check(CommandTable& table, CLI::App* group) {
    table.add("check", "Compare the inventory with Docker's containers and the instance directories",
              [](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto problems = check_inventory(*services);
        if (!problems) return std::unexpected(problems.error());
        if (globals.json) {
            std::cout << nlohmann::json{{"inventory", services->inventory.location()}, {"problems", *problems}}.dump(2)
                      << "\n";
        } else {
            for (const auto& problem : *problems) std::cout << problem << "\n";
            std::cout << (problems->empty() ? "the inventory agrees with Docker and the root\n"
                                            : std::to_string(problems->size()) + " disagreement(s) found\n");
        }
        return problems->empty() ? 0 : 1;
    }, group);
}

void print_rebuild(const GlobalOptions& globals, const std::string& location, const RebuildOutcome& outcome) {
    if (globals.json) {
        nlohmann::json instances = nlohmann::json::array();
        for (const auto& instance : outcome.instances)
            instances.push_back({{"record", to_json(instance.record)}, {"evidence", instance.evidence}});
        std::cout << nlohmann::json{{"inventory", location},
                                    {"instances", instances},
                                    {"next_number", outcome.next_number},
                                    {"inconsistencies", outcome.inconsistencies},
                                    {"set_aside", outcome.set_aside.string()}}.dump(2)
                  << "\n";
        return;
    }
    for (const auto& instance : outcome.instances) {
        const InstanceRecord& record = instance.record;
        std::cout << record.label() << ": " << to_string(record.state)
                  << (record.ip.empty() ? "" : " at " + record.ip) << " (from " << instance.evidence << ")\n";
    }
    for (const auto& line : outcome.inconsistencies) std::cout << "inconsistent: " << line << "\n";
    if (!outcome.set_aside.empty()) std::cout << "the previous inventory was moved to " << outcome.set_aside.string() << "\n";
    std::cout << outcome.instances.size() << " record(s) rebuilt into " << location << "; the next instance number is "
              << outcome.next_number << "\n";
}

void add_rebuild(CommandTable& table, CLI::App* group) {
    auto force = std::make_shared<bool>(false);
    auto* command = table.add("rebuild", "Recreate a lost or damaged inventory from the containers' labels and the instance directories",
                              [force](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto outcome = rebuild_inventory(*services, {.replace = *force});
        if (!outcome) return std::unexpected(outcome.error());
        print_rebuild(globals, services->inventory.location(), *outcome);
        // Rebuilt: the inconsistencies printed are for the operator to look at, not a failure.
        return 0;
    }, group);
    command->add_flag("--force", *force, "Set a non-empty or unreadable inventory aside (renamed, not deleted) and rebuild");
}

}  // namespace

void register_inventory_commands(CommandTable& table) {
    CLI::App* group = table.app().add_subcommand("inventory", "The inventory: migrate between backends, check, rebuild");
    group->require_subcommand(1);
    add_migrate(table, group);
    add_check(table, group);
    add_rebuild(table, group);
}

}  // namespace girofle::cli
