// The "hooks" and "notify" sections of ROOT/girofle.json: commands run around backups and
// restores, and where failures are announced.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

using HookCommand = std::vector<std::string>;  // an argv vector; argv[0] is looked up in PATH

struct HookSettings {
    std::vector<HookCommand> pre_backup;
    std::vector<HookCommand> post_backup;
    std::vector<HookCommand> pre_restore;
    std::vector<HookCommand> post_restore;
    std::chrono::seconds timeout{600};  // per command; a hook that hangs must not hold a backup for ever
};

struct NotifySettings {
    std::vector<std::string> webhooks;  // http:// or https:// URLs, POSTed a JSON document per failure
    std::string mailto;                 // MAILTO of the cron files: cron mails what a backup says on stderr
    std::chrono::seconds webhook_timeout{10};  // all attempts to one URL together
};

// Unknown keys and bad values are usage errors about `object` (the configuration file).
Result<HookSettings> hook_settings_from_json(const nlohmann::json& json, const std::string& object);
Result<NotifySettings> notify_settings_from_json(const nlohmann::json& json, const std::string& object);

}  // namespace girofle
