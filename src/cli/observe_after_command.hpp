// What every command does after it ran, from one place rather than inside each operation:
// the metrics file rewritten, and the failures it recorded announced to the webhooks.
#pragma once

#include <string>

#include "adapters/logging/log_reporter.hpp"
#include "cli/command_table.hpp"

namespace girofle::cli {

// This host's name as notifications name it; empty when it cannot be read.
std::string host_name();

// `command` is the top-level subcommand's name; `exit_status` what the command returns.
// Never changes the exit status: a metrics or notification problem is a warning.
void observe_after_command(const GlobalOptions& globals, LogReporter& reporter, const std::string& command,
                           int exit_status);

}  // namespace girofle::cli
