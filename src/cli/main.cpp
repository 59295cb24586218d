#include "cli/main.hpp"

#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "adapters/logging/log_reporter.hpp"
#include "cli/command_table.hpp"
#include "cli/host_paths.hpp"
#include "cli/observe_after_command.hpp"
#include "core/file_io.hpp"
#include "core/observe/history.hpp"
#include "core/root_config.hpp"
#include "core/interruption.hpp"

namespace girofle::cli {
namespace {

constexpr const char* kDefaultRoot = "/girofle";

void print_error(const std::string& message) { std::cerr << "girofle: error: " << message << "\n"; }

// The host paths the parsed command line and the root's girofle.json name; a malformed
// girofle.json names none here, the command itself then reports it.
int print_host_paths_of(const CommandTable& table, const GlobalOptions& globals) {
    auto paths = table.chosen_host_paths();
    if (auto config = load_root_config(RootLayout(std::filesystem::absolute(globals.root)))) {
        auto configured = host_paths_of_config(*config);
        paths.insert(paths.end(), configured.begin(), configured.end());
    }
    print_host_paths(std::cout, paths);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // A closed pipe (girofle list | head) is an ordinary end, not a crash.
    std::signal(SIGPIPE, SIG_IGN);

    CLI::App app("Girofle: several GitLab instances on one host, and their data kept safe.",
                 "girofle");
    app.set_version_flag("--version", GIROFLE_VERSION);
    app.require_subcommand(1);
    GlobalOptions globals;
    const char* root_from_env = std::getenv("GIROFLE_ROOT");
    globals.root = root_from_env && *root_from_env ? root_from_env : kDefaultRoot;
    app.add_option("--root", globals.root, "Root directory of instances, backups and logs")
        ->capture_default_str();
    app.add_option("--inventory", globals.inventory, "Inventory: lmdb:PATH or etcd://HOST:PORT[,...]/FLEET");
    app.add_flag("--json", globals.json, "Print one JSON document on stdout");
    app.add_flag("-v,--verbose", globals.verbosity, "Say more on stderr (repeatable)");
    app.add_flag("-q,--quiet", globals.quiet, "Only errors on stderr");
    // Hidden (empty group): the launcher's question, see cli/host_paths.hpp.
    bool print_host_paths_only = false;
    app.add_flag("--print-host-paths", print_host_paths_only)->group("");

    CommandTable table(app, globals);
    register_lifecycle_commands(table);
    register_backup_commands(table);
    register_client_commands(table);
    register_schedule_commands(table);
    register_doctor_command(table);
    register_remote_commands(table);
    register_gravity_commands(table);
    register_log_command(table);
    register_completion_commands(table);
    register_inventory_commands(table);
    register_drill_command(table);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& parse_error) {
        // CLI11 reports a word that is no command as a missing one: name the word instead.
        const auto extras = app.remaining();
        if (app.get_subcommands().empty() && !extras.empty() && !extras.front().starts_with('-'))
            print_error("'" + extras.front() + "': unknown command (see girofle --help)");
        else if (app.get_subcommands().empty() && extras.empty())
            print_error("no command given (see girofle --help)");
        else
            print_error(std::string(parse_error.what()) + " (see girofle --help)");
        return 2;
    }

    if (print_host_paths_only) return print_host_paths_of(table, globals);

    const CommandRun* run = table.chosen();
    if (run == nullptr) {
        print_error("no command given (see girofle --help)");
        return 2;
    }
    LogReporter reporter({.root = globals.root, .verbosity = globals.verbosity, .quiet = globals.quiet});
    globals.reporter = &reporter;
    install_interruption_handlers();
    const CLI::App& chosen = *app.get_subcommands().front();
    const std::string command = chosen.get_name();
    // As the operations themselves name it in the history: `restore --from-remote` and `drill
    // --from-remote` are operations of their own.
    const CLI::Option* from_remote = chosen.get_option_no_throw("--from-remote");
    const std::string operation = command + (from_remote && from_remote->count() > 0 ? " --from-remote" : "");
    // Every failure ends in both logs, whatever raised it: a cron job's only witness.
    auto failed = [&](const Error& error) {
        reporter.log_error(error.message());
        // An operation that recorded its own failure said more (which instance, which step).
        // Bad usage changed nothing and is no operation of the history.
        if (!error.recorded && reporter.failures().empty() && error.kind != ErrorKind::usage)
            reporter.record({{"operation", operation},
                             {"outcome", outcome_of(error)},
                             {"error_kind", to_string(error.kind)},
                             {"error", error.message()}});
        print_error(error.message());
        return error.exit_status();
    };
    int status = 1;
    try {
        Result<int> outcome = (*run)(globals);
        status = outcome ? *outcome : failed(outcome.error());
    } catch (const std::filesystem::filesystem_error& filesystem) {
        status = failed(filesystem_error(filesystem));
    } catch (const std::exception& unexpected) {
        status = failed(Error{ErrorKind::failed, "girofle", std::string("internal error: ") + unexpected.what()});
    }
    observe_after_command(globals, reporter, command, status);
    return status;
}

}  // namespace girofle::cli
