#include "core/root_config.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json_integer.hpp"

namespace girofle {

Result<RootConfig> load_root_config(const RootLayout& layout) {
    const auto path = layout.config_file();
    std::ifstream in(path);
    if (!in) return RootConfig{};
    std::ostringstream text;
    text << in.rdbuf();
    return parse_root_config(text.str(), path.string());
}

Result<RootConfig> parse_root_config(const std::string& text, const std::string& object) {
    RootConfig config;
    try {
        auto json = nlohmann::json::parse(text);
        if (!json.is_object()) return fail(ErrorKind::usage, object, "must hold a JSON object");
        for (const auto& [key, value] : json.items()) {
            if (key == "address_pool")
                config.address_pool = value.get<std::vector<std::string>>();
            else if (key == "image")
                config.image = value.get<std::string>();
            else if (key == "readiness_timeout_seconds")
                config.readiness_timeout = std::chrono::seconds(integer_from<int>(value));
            else if (key == "stop_timeout_seconds")
                config.stop_timeout = std::chrono::seconds(integer_from<int>(value));
            else if (key == "retention") {
                config.retention.last = integer_or(value, "last", config.retention.last);
                config.retention.daily = integer_or(value, "daily", config.retention.daily);
                config.retention.weekly = integer_or(value, "weekly", config.retention.weekly);
                if (config.retention.last < 1 || config.retention.daily < 0 || config.retention.weekly < 0)
                    return fail(ErrorKind::usage, object, "retention: last must be at least 1, daily and weekly at least 0");
            }
            else if (key == "backup_schedule") {
                config.backup_schedule = value.get<std::string>();
                if (config.backup_schedule != "none")
                    if (auto valid = CronExpression::parse(config.backup_schedule); !valid)
                        return fail(ErrorKind::usage, object, "backup_schedule: " + valid.error().message());
            }
            else if (key == "drill_schedule") {
                config.drill_schedule = value.get<std::string>();
                if (config.drill_schedule != "none")
                    if (auto valid = CronExpression::parse(config.drill_schedule); !valid)
                        return fail(ErrorKind::usage, object, "drill_schedule: " + valid.error().message());
            }
            else if (key == "remote") {
                auto remote = remote_settings_from_json(value, object);
                if (!remote) return std::unexpected(remote.error());
                config.remote = std::move(*remote);
            }
            else if (key == "metrics_dir") {
                config.metrics_dir = value.get<std::string>();
                if (!config.metrics_dir.is_absolute())
                    return fail(ErrorKind::usage, object, "metrics_dir: must be an absolute path");
            }
            else if (key == "hooks") {
                auto hooks = hook_settings_from_json(value, object);
                if (!hooks) return std::unexpected(hooks.error());
                config.hooks = std::move(*hooks);
            }
            else if (key == "notify") {
                auto notify = notify_settings_from_json(value, object);
                if (!notify) return std::unexpected(notify.error());
                config.notify = std::move(*notify);
            }
            else if (key == "inventory") {
                config.inventory = value.get<std::string>();
                if (auto valid = parse_inventory_location(config.inventory); !valid)
                    return fail(ErrorKind::usage, object, "inventory: " + valid.error().message());
            }
            else if (key == "etcd") {
                auto etcd = etcd_credentials_from_json(value, object);
                if (!etcd) return std::unexpected(etcd.error());
                config.etcd = std::move(*etcd);
            }
            else
                return fail(ErrorKind::usage, object, "unknown setting '" + key + "'");
        }
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::usage, object, std::string("malformed: ") + error.what());
    }
    return config;
}

}  // namespace girofle
