// The "remote" section of ROOT/girofle.json: where snapshots are pushed (a restic
// repository), how restic reaches it, and how long the remote keeps them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/backup/retention.hpp"
#include "core/error.hpp"

namespace girofle {

struct RemoteSettings {
    std::string repository;                        // empty: no remote configured
    std::string password_file;                     // empty: RESTIC_PASSWORD_FILE or RESTIC_PASSWORD
    std::vector<std::string> options;              // restic -o KEY=VALUE, e.g. sftp.command=...
    RetentionPolicy keep;                          // what `remote prune` keeps, per instance
    std::map<std::string, std::string> instances;  // NAME or number -> its own repository

    // The instance's own repository when one is set for its name or number, else the root's.
    std::string repository_for(std::uint64_t number, const std::string& name) const;
};

// Unknown keys and bad values are usage errors about `object` (the configuration file).
Result<RemoteSettings> remote_settings_from_json(const nlohmann::json& json, const std::string& object);

}  // namespace girofle
