#include "core/remote/settings.hpp"

#include "core/json_integer.hpp"
#include "core/remote/location.hpp"

namespace girofle {

std::string RemoteSettings::repository_for(std::uint64_t number, const std::string& name) const {
    if (auto own = instances.find(std::to_string(number)); own != instances.end()) return own->second;
    if (!name.empty())
        if (auto own = instances.find(name); own != instances.end()) return own->second;
    return repository;
}

Result<RemoteSettings> remote_settings_from_json(const nlohmann::json& json, const std::string& object) {
    if (!json.is_object()) return fail(ErrorKind::usage, object, "remote: must be a JSON object");
    RemoteSettings settings;
    for (const auto& [key, value] : json.items()) {
        if (key == "repository")
            settings.repository = value.get<std::string>();
        else if (key == "password_file")
            settings.password_file = value.get<std::string>();
        else if (key == "options")
            settings.options = value.get<std::vector<std::string>>();
        else if (key == "instances")
            settings.instances = value.get<std::map<std::string, std::string>>();
        else if (key == "keep") {
            for (const auto& [rule, count] : value.items()) {
                if (rule == "last") settings.keep.last = integer_from<int>(count);
                else if (rule == "daily") settings.keep.daily = integer_from<int>(count);
                else if (rule == "weekly") settings.keep.weekly = integer_from<int>(count);
                else return fail(ErrorKind::usage, object, "remote.keep: unknown rule '" + rule + "'");
            }
            if (settings.keep.last < 1 || settings.keep.daily < 0 || settings.keep.weekly < 0)
                return fail(ErrorKind::usage, object, "remote.keep: last must be at least 1, daily and weekly at least 0");
        } else
            return fail(ErrorKind::usage, object, "remote: unknown setting '" + key + "'");
    }
    for (const auto& option : settings.options)
        if (option.find('=') == std::string::npos || option.starts_with("-"))
            return fail(ErrorKind::usage, object, "remote.options: '" + option + "' is not KEY=VALUE");
    if (!settings.repository.empty())
        if (auto valid = validate_location(settings.repository); !valid)
            return std::unexpected(valid.error().about(object));
    for (const auto& [instance, location] : settings.instances)
        if (auto valid = validate_location(location); !valid) return std::unexpected(valid.error().about(object));
    return settings;
}

}  // namespace girofle
