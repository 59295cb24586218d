// Each group of subcommands registers itself here: an options struct bound to CLI11, and a
// run function called after parsing succeeded (parse and validate first, then act).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>

#include "cli/host_paths.hpp"
#include "core/error.hpp"

namespace girofle {
class Reporter;
}

namespace girofle::cli {

struct GlobalOptions {
    std::string root;        // --root, GIROFLE_ROOT, else /girofle
    std::string inventory;   // --inventory URL; empty: girofle.json's "inventory", else ROOT/inventory
    bool json = false;       // one JSON document on stdout
    int verbosity = 0;       // -v
    bool quiet = false;      // -q
    Reporter* reporter = nullptr;  // set by main after parsing: logs and progress
};

// Returns the exit status on success (0, or a command's own distinct status).
using CommandRun = std::function<Result<int>(const GlobalOptions&)>;

class CommandTable {
public:
    CommandTable(CLI::App& app, GlobalOptions& globals) : app_(app), globals_(globals) {}

    CLI::App& app() { return app_; }
    const GlobalOptions& globals() const { return globals_; }

    // Adds a subcommand of `parent` (the top-level app when null) run by `run`.
    CLI::App* add(const std::string& name, const std::string& description, CommandRun run,
                  CLI::App* parent = nullptr);

    // The run function of the deepest subcommand the user chose, or null.
    const CommandRun* chosen() const;

    // For a command whose arguments name host paths (files it reads, a repository it writes):
    // `paths` lists them once the command line is parsed; see cli/host_paths.hpp.
    void add_host_paths(const CLI::App* command, std::function<std::vector<HostPath>()> paths);
    // What the chosen subcommands' arguments name, outermost first.
    std::vector<HostPath> chosen_host_paths() const;

private:
    CLI::App& app_;
    GlobalOptions& globals_;
    std::map<const CLI::App*, CommandRun> runs_;
    std::map<const CLI::App*, std::function<std::vector<HostPath>()>> host_paths_;
};

// One registration function per group, each in its own file under cli/commands/.
void register_lifecycle_commands(CommandTable& table);
void register_backup_commands(CommandTable& table);
void register_client_commands(CommandTable& table);
void register_schedule_commands(CommandTable& table);
void register_doctor_command(CommandTable& table);
void register_remote_commands(CommandTable& table);
void register_gravity_commands(CommandTable& table);
void register_log_command(CommandTable& table);
void register_completion_commands(CommandTable& table);
void register_inventory_commands(CommandTable& table);
void register_drill_command(CommandTable& table);

}  // namespace girofle::cli
