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

void CommandTable::add_host_paths(const CLI::App* command, std::function<std::vector<HostPath>()> paths) {
    host_paths_.emplace(command, std::move(paths));
}

std::vector<HostPath> CommandTable::chosen_host_paths() const {
    std::vector<HostPath> paths;
    for (const CLI::App* level = &app_;;) {
        auto chosen_here = level->get_subcommands();
        if (chosen_here.empty()) break;
        level = chosen_here.front();
        if (auto found = host_paths_.find(level); found != host_paths_.end()) {
            auto more = found->second();
            paths.insert(paths.end(), more.begin(), more.end());
        }
    }
    return paths;
}

}  // namespace girofle::cli
