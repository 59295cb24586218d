#include "core/backup/snapshot_store.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "core/backup/snapshot_id.hpp"
#include "core/clock.hpp"
#include "core/file_io.hpp"

namespace girofle {
namespace {

std::optional<Verification> read_verification(const std::filesystem::path& snapshot) {
    auto text = read_text_file(snapshot / kVerificationFile);
    if (!text) return {};
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return {};
    return Verification{json.value("ok", false), json.value("checked_at", ""),
                        json.value("files_checked", std::uint64_t{0}),
                        json.value("problems", std::vector<std::string>{})};
}

}  // namespace

Result<std::vector<SnapshotEntry>> SnapshotStore::list() const {
    std::vector<SnapshotEntry> entries;
    std::error_code error;
    if (!std::filesystem::exists(directory_, error)) return entries;
    for (const auto& item : std::filesystem::directory_iterator(directory_, error)) {
        std::string name = item.path().filename().string();
        if (!is_snapshot_id(name) || !item.is_directory()) continue;
        SnapshotEntry entry{name, item.path(), {}, "", read_verification(item.path()), read_drill_report(item.path())};
        if (auto manifest = read_manifest(item.path())) entry.manifest = std::move(*manifest);
        else entry.manifest_error = manifest.error().message();
        entries.push_back(std::move(entry));
    }
    if (error) return fail(kind_of_errno(error.value()), directory_.string(), "cannot list: " + error.message());
    // Same-second IDs carry -2, -3, ... -10: order by second, then suffix length, then text.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return std::tuple(a.id.substr(0, 16), a.id.size(), a.id) <
               std::tuple(b.id.substr(0, 16), b.id.size(), b.id);
    });
    return entries;
}

Result<SnapshotEntry> SnapshotStore::find(const std::string& id) const {
    auto entries = list();
    if (!entries) return std::unexpected(entries.error());
    for (auto& entry : *entries)
        if (entry.id == id) return entry;
    if (exists_quietly(partial_path(id)))
        return fail(ErrorKind::usage, "backup " + id, "incomplete (its run was interrupted): it cannot be used");
    return fail(ErrorKind::usage, "backup " + id, "no such backup in " + directory_.string());
}

Result<std::optional<SnapshotEntry>> SnapshotStore::newest_usable() const {
    auto entries = list();
    if (!entries) return std::unexpected(entries.error());
    for (auto it = entries->rbegin(); it != entries->rend(); ++it)
        if (!it->known_damaged()) return std::optional<SnapshotEntry>(*it);
    return std::optional<SnapshotEntry>();
}

std::vector<std::filesystem::path> SnapshotStore::partials() const {
    std::vector<std::filesystem::path> found;
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator(directory_, error))
        if (item.path().filename().string().ends_with(kPartialSuffix)) found.push_back(item.path());
    return found;
}

std::string SnapshotStore::new_id(std::chrono::system_clock::time_point now) const {
    const std::string base = snapshot_id_for(now);
    std::string id = base;
    for (int n = 2; exists_quietly(path_of(id)) || exists_quietly(partial_path(id)); ++n)
        id = base + "-" + std::to_string(n);
    return id;
}

Result<SnapshotEntry> find_or_newest_usable(const SnapshotStore& store, const std::optional<std::string>& id,
                                            const std::string& object) {
    if (id) return store.find(*id);
    auto newest = store.newest_usable();
    if (!newest) return std::unexpected(newest.error());
    if (!*newest) return fail(ErrorKind::usage, object, "has no usable backup in " + store.directory().string());
    return **newest;
}

Result<void> SnapshotStore::remove(const std::string& id) const {
    std::error_code error;
    std::filesystem::remove_all(path_of(id), error);
    if (error) return fail(kind_of_errno(error.value()), "backup " + id, "cannot remove: " + error.message());
    return {};
}

Result<void> SnapshotStore::record_verification(const std::string& id, const Verification& verification) const {
    nlohmann::json json = {{"ok", verification.ok},
                           {"checked_at", verification.checked_at},
                           {"files_checked", verification.files_checked},
                           {"problems", verification.problems}};
    return write_file_atomically(path_of(id) / kVerificationFile, json.dump(2) + "\n", 0600);
}

Result<std::vector<std::uint64_t>> SnapshotStore::added_bytes(const std::vector<SnapshotEntry>& entries) const {
    std::set<std::pair<dev_t, ino_t>> seen;
    std::vector<std::uint64_t> added;
    for (const auto& entry : entries) {
        std::uint64_t bytes = 0;
        std::error_code error;
        for (auto it = std::filesystem::recursive_directory_iterator(entry.directory, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
            struct stat info {};
            if (::lstat(it->path().c_str(), &info) != 0) continue;
            if (seen.insert({info.st_dev, info.st_ino}).second)
                bytes += static_cast<std::uint64_t>(info.st_blocks) * 512;
        }
        struct stat top {};
        if (::lstat(entry.directory.c_str(), &top) == 0) bytes += static_cast<std::uint64_t>(top.st_blocks) * 512;
        added.push_back(bytes);
    }
    return added;
}

}  // namespace girofle
