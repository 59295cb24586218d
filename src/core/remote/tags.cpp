#include "core/remote/tags.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/instance.hpp"
#include "core/remote/backup_progress.hpp"

namespace girofle {
namespace {

// Tags are comma-separated on restic's command line: keep commas and blanks out.
std::string tag_safe(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == ',' || std::isspace(static_cast<unsigned char>(c)); }, '_');
    return text;
}

// A string field of restic's JSON, empty when absent or of another type.
std::string text_field(const nlohmann::json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string_view value_of(std::string_view tag, std::string_view key) {
    if (tag.size() <= key.size() || !tag.starts_with(key) || tag[key.size()] != '=') return {};
    return tag.substr(key.size() + 1);
}

}  // namespace

std::string instance_tag(std::uint64_t number) { return "instance=" + std::to_string(number); }

std::vector<std::string> snapshot_tags(const SnapshotManifest& manifest) {
    std::vector<std::string> tags = {kGirofleTag, instance_tag(manifest.instance.number)};
    if (!manifest.instance.name.empty()) tags.push_back("name=" + tag_safe(manifest.instance.name));
    tags.push_back("snapshot=" + tag_safe(manifest.id));
    if (!manifest.gitlab_version.empty()) tags.push_back("gitlab=" + tag_safe(manifest.gitlab_version));
    return tags;
}

Result<std::vector<RemoteSnapshot>> parse_remote_snapshots(const std::string& json_text, const std::string& object) {
    auto json = nlohmann::json::parse(json_text, nullptr, false);
    if (json.is_null()) return std::vector<RemoteSnapshot>{};  // restic prints null for none
    if (!json.is_array()) return fail(ErrorKind::failed, object, "restic listed its snapshots in an unexpected form");
    std::vector<RemoteSnapshot> snapshots;
    for (const auto& item : json) {
        if (!item.is_object()) continue;
        RemoteSnapshot snapshot;
        snapshot.restic_id = text_field(item, "id");
        snapshot.short_id = text_field(item, "short_id");
        snapshot.time = text_field(item, "time");
        if (item.contains("paths") && item["paths"].is_array() && !item["paths"].empty() && item["paths"][0].is_string())
            snapshot.path = item["paths"][0].get<std::string>();
        bool ours = false;
        if (item.contains("tags") && item["tags"].is_array())
            for (const auto& tag_json : item["tags"]) {
                if (!tag_json.is_string()) continue;
                const std::string tag = tag_json.get<std::string>();
                ours = ours || tag == kGirofleTag;
                if (auto number = value_of(tag, "instance"); !number.empty())
                    std::from_chars(number.data(), number.data() + number.size(), snapshot.instance);
                if (auto name = value_of(tag, "name"); !name.empty()) snapshot.name = name;
                if (auto id = value_of(tag, "snapshot"); !id.empty()) snapshot.snapshot = id;
                if (auto version = value_of(tag, "gitlab"); !version.empty()) snapshot.gitlab = version;
            }
        if (ours && snapshot.instance != 0 && !snapshot.snapshot.empty()) snapshots.push_back(std::move(snapshot));
    }
    std::stable_sort(snapshots.begin(), snapshots.end(),
                     [](const RemoteSnapshot& a, const RemoteSnapshot& b) { return a.time < b.time; });
    return snapshots;
}

std::uint64_t restic_bytes_added(const std::string& output) {
    auto summary = backup_summary_in(output);
    return summary ? summary->data_added : 0;
}

bool RemoteSnapshot::holds_full_path() const {
    return !snapshot.empty() && std::filesystem::path(path).filename() == snapshot;
}

bool snapshot_of_instance(const RemoteSnapshot& snapshot, std::string_view reference) {
    if (reference == std::to_string(snapshot.instance)) return true;
    if (!snapshot.name.empty() && reference == snapshot.name) return true;
    return reference == container_name_for(snapshot.instance, snapshot.name);
}

bool snapshot_matches(const RemoteSnapshot& snapshot, std::string_view id) {
    if (id == snapshot.snapshot) return true;
    return id.size() >= 8 && snapshot.restic_id.starts_with(id);
}

}  // namespace girofle
