#include "cli/command_table.hpp"

namespace girofle::cli {

CLI::App* CommandTable::add(const std::string& name, const std::string& description,
                            CommandRun run, CLI::App* parent) {
    CLI::App* command = (parent ? *parent : app_).add_subcommand(name, description);
    runs_.emplace(command, std::move(run));
    return command;
}

const CommandRun* CommandTable::chosen() const {
    const CLI::App* deepest = nullptr;
    for (const CLI::App* level = &app_;;) {
        auto chosen_here = level->get_subcommands();
        if (chosen_here.empty()) break;
        level = chosen_here.front();
        if (runs_.contains(level)) deepest = level;
    }
    auto found = runs_.find(deepest);
    return found == runs_.end() ? nullptr : &found->second;
}

}  // namespace girofle::cli
