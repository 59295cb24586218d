#include "core/drill/remote_drill_history.hpp"

#include <algorithm>

#include "core/file_io.hpp"

namespace girofle {

nlohmann::json to_json(const RemoteDrill& drill) {
    nlohmann::json json = to_json(drill.report);
    json["remote"] = drill.remote;
    json["restic_id"] = drill.restic_id;
    return json;
}

std::vector<RemoteDrill> read_remote_drills(const std::filesystem::path& backups_directory) {
    std::vector<RemoteDrill> drills;
    auto text = read_text_file(backups_directory / kRemoteDrillsFile);
    if (!text) return drills;
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object() || !json.contains("drills") || !json.at("drills").is_array()) return drills;
    for (const auto& item : json.at("drills")) {
        auto report = drill_report_from_json(item);
        if (!report) continue;
        drills.push_back({item.value("remote", ""), item.value("restic_id", ""), std::move(*report)});
    }
    return drills;
}

Result<void> record_remote_drill(const std::filesystem::path& backups_directory, const RemoteDrill& drill) {
    auto drills = read_remote_drills(backups_directory);
    std::erase_if(drills, [&](const RemoteDrill& earlier) {
        return earlier.remote == drill.remote && earlier.report.backup_id == drill.report.backup_id;
    });
    drills.push_back(drill);
    if (drills.size() > kRemoteDrillsKept)
        drills.erase(drills.begin(), drills.end() - static_cast<std::ptrdiff_t>(kRemoteDrillsKept));
    if (auto created = create_private_directories(backups_directory); !created) return created;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& kept : drills) list.push_back(to_json(kept));
    return write_file_atomically(backups_directory / kRemoteDrillsFile, nlohmann::json{{"drills", list}}.dump(2) + "\n",
                                 0600);
}

}  // namespace girofle
