#include "core/remote/pending_pushes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace girofle {

Result<std::vector<std::string>> PendingPushes::load() const {
    std::error_code error;
    if (!std::filesystem::exists(file_, error)) return std::vector<std::string>{};
    auto text = read_text_file(file_);
    if (!text) return std::unexpected(text.error());
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object() || !json.contains("pending") || !json["pending"].is_array())
        return fail(ErrorKind::failed, file_.string(), "malformed: expected {\"pending\": [IDs]}");
    std::vector<std::string> ids;
    for (const auto& id : json["pending"])
        if (id.is_string()) ids.push_back(id.get<std::string>());
    return ids;
}

Result<void> PendingPushes::save(const std::vector<std::string>& ids) const {
    if (ids.empty()) {
        std::error_code error;
        std::filesystem::remove(file_, error);
        if (error) return fail(ErrorKind::failed, file_.string(), "cannot remove: " + error.message());
        return {};
    }
    return write_file_atomically(file_, nlohmann::json{{"pending", ids}}.dump(2) + "\n", 0600);
}

std::vector<std::string> push_queue(const std::vector<std::string>& pending, const std::string& new_id,
                                    const std::vector<std::string>& local_ids) {
    std::vector<std::string> queue;
    auto add = [&](const std::string& id) {
        const bool on_disk = std::find(local_ids.begin(), local_ids.end(), id) != local_ids.end();
        if (on_disk && std::find(queue.begin(), queue.end(), id) == queue.end()) queue.push_back(id);
    };
    for (const auto& id : pending) add(id);
    if (!new_id.empty()) add(new_id);
    // Snapshot IDs are UTC times: sorting them sorts by age.
    std::sort(queue.begin(), queue.end());
    return queue;
}

}  // namespace girofle
