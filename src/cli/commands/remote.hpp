// What backups.cpp borrows from the remote commands: restore --from-remote and the push of
// backup --remote.
#pragma once

#include <optional>

#include "cli/command_table.hpp"
#include "core/operations/backup.hpp"
#include "core/remote/remote_operations.hpp"
#include "core/remote/restore_from_remote.hpp"

namespace girofle::cli {

Result<int> run_restore_from_remote(const GlobalOptions& globals, const RemoteRestoreOptions& options);

// Pushes after a backup; adds "remote" to `json` and returns the line to print.
Result<std::string> push_backup(Services& services, const ResticRepository& repository, const BackupOutcome& outcome,
                                nlohmann::json& json);

}  // namespace girofle::cli
