// inventory migrate --to URL | inventory check: moving the records between backends and
// comparing them with what the host shows.
#include <iostream>

#include "cli/command_table.hpp"
#include "cli/runtime.hpp"
#include "core/inventory/inventory_location.hpp"
#include "core/inventory/migration.hpp"
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

}  // namespace

void register_inventory_commands(CommandTable& table) {
    CLI::App* group = table.app().add_subcommand("inventory", "The inventory: migrate between backends, check");
    group->require_subcommand(1);
    add_migrate(table, group);
    add_check(table, group);
}

}  // namespace girofle::cli
