#include "core/observe/settings.hpp"

namespace girofle {

Result<HookSettings> hook_settings_from_json(const nlohmann::json& json, const std::string& object) {
    if (!json.is_object()) return fail(ErrorKind::usage, object, "hooks: must be a JSON object");
    HookSettings settings;
    for (const auto& [key, value] : json.items()) {
        std::vector<HookCommand>* event = key == "pre_backup"     ? &settings.pre_backup
                                          : key == "post_backup"  ? &settings.post_backup
                                          : key == "pre_restore"  ? &settings.pre_restore
                                          : key == "post_restore" ? &settings.post_restore
                                                                  : nullptr;
        if (key == "timeout_seconds") {
            settings.timeout = std::chrono::seconds(value.get<int>());
            if (settings.timeout.count() < 1)
                return fail(ErrorKind::usage, object, "hooks.timeout_seconds: must be at least 1");
            continue;
        }
        if (!event) return fail(ErrorKind::usage, object, "hooks: unknown event '" + key + "'");
        if (!value.is_array()) return fail(ErrorKind::usage, object, "hooks." + key + ": must be a list of argv lists");
        for (const auto& command : value) {
            if (!command.is_array() || command.empty())
                return fail(ErrorKind::usage, object,
                            "hooks." + key + ": each command is a non-empty list of strings, e.g. [\"/usr/local/bin/maintenance\", \"on\"]");
            event->push_back(command.get<HookCommand>());
            if (event->back().front().empty()) return fail(ErrorKind::usage, object, "hooks." + key + ": empty program name");
        }
    }
    return settings;
}

Result<NotifySettings> notify_settings_from_json(const nlohmann::json& json, const std::string& object) {
    if (!json.is_object()) return fail(ErrorKind::usage, object, "notify: must be a JSON object");
    NotifySettings settings;
    for (const auto& [key, value] : json.items()) {
        if (key == "webhooks") {
            settings.webhooks = value.get<std::vector<std::string>>();
            for (const auto& url : settings.webhooks)
                if (!url.starts_with("http://") && !url.starts_with("https://"))
                    return fail(ErrorKind::usage, object, "notify.webhooks: each URL starts with http:// or https://");
        } else if (key == "mailto") {
            settings.mailto = value.get<std::string>();
            // It becomes a line of a cron file: one line, no shell.
            if (settings.mailto.find_first_of("\n\r") != std::string::npos)
                return fail(ErrorKind::usage, object, "notify.mailto: must be one line");
        } else if (key == "webhook_timeout_seconds") {
            settings.webhook_timeout = std::chrono::seconds(value.get<int>());
            if (settings.webhook_timeout.count() < 1 || settings.webhook_timeout.count() > 300)
                return fail(ErrorKind::usage, object, "notify.webhook_timeout_seconds: must be between 1 and 300");
        } else {
            return fail(ErrorKind::usage, object, "notify: unknown setting '" + key + "'");
        }
    }
    return settings;
}

}  // namespace girofle
