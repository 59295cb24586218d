#include "core/instance.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include "core/json_integer.hpp"

namespace girofle {
namespace {

constexpr std::string_view kBasePrefix = "noeud-gitlab-";

// Fields this version knows; the rest round-trip through unknown_fields.
const std::vector<std::string> kKnownFields = {
    "schema",     "number",        "name",         "container",     "directory",
    "ip",         "ports",         "image",        "hostname",      "external_url",
    "state",      "container_id",  "created_at",   "updated_at",    "decommissioned_at",
    "last_backup", "schedule",      "host_id"};

std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
    return value;
}

}  // namespace

std::string InstanceRecord::label() const {
    return "instance " + std::to_string(number) + " (" + container + ")";
}

const char* to_string(InstanceState state) {
    switch (state) {
        case InstanceState::commissioning: return "commissioning";
        case InstanceState::active: return "active";
        case InstanceState::decommissioned: return "decommissioned";
    }
    return "commissioning";
}

std::optional<InstanceState> instance_state_from(std::string_view text) {
    for (auto state : {InstanceState::commissioning, InstanceState::active,
                       InstanceState::decommissioned})
        if (text == to_string(state)) return state;
    return {};
}

nlohmann::json to_json(const InstanceRecord& record) {
    nlohmann::json json = record.unknown_fields.is_object() ? record.unknown_fields
                                                            : nlohmann::json::object();
    json["schema"] = InstanceRecord::kSchema;
    json["number"] = record.number;
    json["name"] = record.name;
    json["container"] = record.container;
    json["directory"] = record.directory;
    json["ip"] = record.ip;
    json["ports"] = {{"http", record.ports.http},
                     {"https", record.ports.https},
                     {"ssh", record.ports.ssh}};
    json["image"] = record.image;
    json["hostname"] = record.hostname;
    json["external_url"] = record.external_url;
    json["state"] = to_string(record.state);
    json["container_id"] = record.container_id;
    json["created_at"] = record.created_at;
    json["updated_at"] = record.updated_at;
    json["decommissioned_at"] = record.decommissioned_at;
    json["last_backup"] = record.last_backup;
    if (!record.host_id.empty()) json["host_id"] = record.host_id;
    if (!record.schedule.cron.empty())
        json["schedule"] = {{"cron", record.schedule.cron}, {"remote", record.schedule.remote},
                            {"drill", record.schedule.drill}};
    if (record.schedule.drill_remote) json["schedule"]["drill_remote"] = true;
    return json;
}

Result<InstanceRecord> record_from_json(const nlohmann::json& json) {
    const std::string object = "inventory record";
    if (!json.is_object()) return fail(ErrorKind::failed, object, "not a JSON object");
    try {
        int schema = integer_or(json, "schema", 0);
        if (schema < 1 || schema > InstanceRecord::kSchema)
            return fail(ErrorKind::failed, object,
                        "schema " + std::to_string(schema) +
                            " is not one this Girofle reads (upgrade Girofle)");
        InstanceRecord record;
        record.number = integer_from<std::uint64_t>(json.at("number"));
        record.name = json.value("name", "");
        record.container = json.at("container").get<std::string>();
        record.directory = json.at("directory").get<std::string>();
        record.ip = json.value("ip", "");
        if (auto ports = json.find("ports"); ports != json.end()) {
            record.ports.http = integer_or(*ports, "http", 80);
            record.ports.https = integer_or(*ports, "https", 443);
            record.ports.ssh = integer_or(*ports, "ssh", 22);
        }
        record.image = json.value("image", "");
        record.hostname = json.value("hostname", "");
        record.external_url = json.value("external_url", "");
        auto state = instance_state_from(json.value("state", ""));
        if (!state)
            return fail(ErrorKind::failed, object,
                        "instance " + std::to_string(record.number) + " has an unknown state");
        record.state = *state;
        record.container_id = json.value("container_id", "");
        record.created_at = json.value("created_at", "");
        record.updated_at = json.value("updated_at", "");
        record.decommissioned_at = json.value("decommissioned_at", "");
        record.last_backup = json.value("last_backup", "");
        record.host_id = json.value("host_id", "");
        if (auto schedule = json.find("schedule"); schedule != json.end() && schedule->is_object()) {
            record.schedule.cron = schedule->value("cron", "");
            record.schedule.remote = schedule->value("remote", false);
            record.schedule.drill = schedule->value("drill", "");
            record.schedule.drill_remote = schedule->value("drill_remote", false);
        }
        for (const auto& [key, value] : json.items())
            if (std::find(kKnownFields.begin(), kKnownFields.end(), key) == kKnownFields.end())
                record.unknown_fields[key] = value;
        return record;
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::failed, object, std::string("malformed: ") + error.what());
    }
}

Result<void> validate_instance_name(std::string_view name) {
    static const std::regex pattern("[a-z]([a-z0-9-]{0,30}[a-z0-9])?");
    if (std::regex_match(name.begin(), name.end(), pattern)) return {};
    return fail(ErrorKind::usage, "name '" + std::string(name) + "'",
                "invalid: use 1 to 32 lowercase letters, digits and inner hyphens, "
                "starting with a letter");
}

std::string instance_base_name(std::uint64_t number) {
    return std::string(kBasePrefix) + std::to_string(number);
}

std::string container_name_for(std::uint64_t number, std::string_view name) {
    std::string result = instance_base_name(number);
    if (!name.empty()) result += "-" + std::string(name);
    return result;
}

std::optional<std::uint64_t> number_from_instance_name(std::string_view text) {
    if (!text.starts_with(kBasePrefix)) return {};
    text.remove_prefix(kBasePrefix.size());
    return parse_number(text.substr(0, text.find('-')));
}

std::string external_url_for(std::string_view host, int http_port) {
    std::string url = "http://" + std::string(host);
    if (http_port != 80) url += ":" + std::to_string(http_port);
    return url;
}

const InstanceRecord* holder_of_name(const std::vector<InstanceRecord>& records, std::string_view name) {
    for (const auto& record : records)
        if (record.holds_address() && !name.empty() && record.name == name) return &record;
    return nullptr;
}

const InstanceRecord* holder_of_address(const std::vector<InstanceRecord>& records,
                                        std::string_view address) {
    for (const auto& record : records)
        if (record.holds_address() && record.ip == address) return &record;
    return nullptr;
}

Result<void> check_name_free(const std::vector<InstanceRecord>& records, const std::string& name) {
    if (const auto* holder = holder_of_name(records, name))
        return fail(ErrorKind::usage, "name '" + name + "'", "already used by " + holder->label());
    return {};
}

Result<InstanceRecord> find_instance(const std::vector<InstanceRecord>& records,
                                     std::string_view reference) {
    auto number = parse_number(reference);
    const InstanceRecord* found = nullptr;
    for (const auto& record : records) {
        bool matches = number ? record.number == *number
                              : (record.name == reference || record.container == reference);
        if (!matches) continue;
        // Prefer the live instance, then the most recent one.
        if (!found || (record.holds_address() && !found->holds_address()) ||
            (record.holds_address() == found->holds_address() && record.number > found->number))
            found = &record;
    }
    if (found) return *found;
    return fail(ErrorKind::usage, "instance '" + std::string(reference) + "'",
                "no such instance (see girofle list --all)");
}

}  // namespace girofle
