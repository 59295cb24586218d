#include "core/backup/manifest.hpp"

#include <fstream>

#include "core/file_io.hpp"
#include "core/json_integer.hpp"

namespace girofle {

nlohmann::json to_json(const SnapshotManifest& manifest) {
    return {{"format", SnapshotManifest::kFormat},
            {"id", manifest.id},
            {"instance", to_json(manifest.instance)},
            {"image", {{"reference", manifest.image_reference},
                       {"id", manifest.image_id},
                       {"digests", manifest.image_digests}}},
            {"gitlab_version", manifest.gitlab_version},
            {"strategy", manifest.strategy},
            {"method", manifest.method},
            {"started_at", manifest.started_at},
            {"finished_at", manifest.finished_at},
            {"freeze_window_ms", manifest.freeze_window_ms},
            {"previous", manifest.previous},
            {"files", manifest.files},
            {"directories", manifest.directories},
            {"symlinks", manifest.symlinks},
            {"bytes", manifest.bytes},
            {"added_bytes", manifest.added_bytes ? nlohmann::json(*manifest.added_bytes) : nlohmann::json()},
            {"quick_check_misses_copied", manifest.quick_check_misses_copied},
            {"checksums", {{"file", kChecksumsFile}, {"sha256", manifest.checksums_sha256}}},
            {"app_backup", manifest.app_backup},
            {"expected", to_json(manifest.expected)},
            {"girofle_version", GIROFLE_VERSION}};
}

Result<SnapshotManifest> manifest_from_json(const nlohmann::json& json) {
    const std::string object = "manifest";
    try {
        int format = integer_from<int>(json.at("format"));
        if (format < 1 || format > SnapshotManifest::kFormat)
            return fail(ErrorKind::failed, object,
                        "format " + std::to_string(format) + " is newer than this Girofle reads");
        SnapshotManifest manifest;
        manifest.id = json.at("id").get<std::string>();
        auto instance = record_from_json(json.at("instance"));
        if (!instance) return std::unexpected(instance.error());
        manifest.instance = std::move(*instance);
        const auto& image = json.at("image");
        manifest.image_reference = image.at("reference").get<std::string>();
        manifest.image_id = image.value("id", "");
        manifest.image_digests = image.value("digests", std::vector<std::string>{});
        manifest.gitlab_version = json.value("gitlab_version", "");
        manifest.strategy = json.at("strategy").get<std::string>();
        manifest.method = json.value("method", "rsync");  // snapshots made before there was a choice
        manifest.started_at = json.value("started_at", "");
        manifest.finished_at = json.value("finished_at", "");
        manifest.freeze_window_ms = integer_or(json, "freeze_window_ms", std::int64_t{0});
        manifest.previous = json.value("previous", "");
        manifest.files = integer_or(json, "files", std::uint64_t{0});
        manifest.directories = integer_or(json, "directories", std::uint64_t{0});
        manifest.symlinks = integer_or(json, "symlinks", std::uint64_t{0});
        manifest.bytes = integer_or(json, "bytes", std::uint64_t{0});
        if (json.contains("added_bytes") && !json.at("added_bytes").is_null())
            manifest.added_bytes = integer_from<std::uint64_t>(json.at("added_bytes"));
        manifest.quick_check_misses_copied = json.value("quick_check_misses_copied", false);
        manifest.checksums_sha256 = json.at("checksums").at("sha256").get<std::string>();
        manifest.app_backup = json.value("app_backup", "");
        if (json.contains("expected")) {
            auto expected = expected_contents_from_json(json.at("expected"));
            if (!expected) return std::unexpected(expected.error());
            manifest.expected = std::move(*expected);
        }
        return manifest;
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::failed, object, std::string("malformed: ") + error.what());
    }
}

Result<SnapshotManifest> read_manifest(const std::filesystem::path& snapshot_directory) {
    const auto path = snapshot_directory / kManifestFile;
    auto text = read_text_file(path);
    if (!text) return std::unexpected(text.error());
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded()) return fail(ErrorKind::failed, path.string(), "not valid JSON");
    auto manifest = manifest_from_json(json);
    if (!manifest) return std::unexpected(manifest.error().about(path.string()));
    return manifest;
}

Result<void> write_manifest(const std::filesystem::path& snapshot_directory,
                            const SnapshotManifest& manifest) {
    return write_file_atomically(snapshot_directory / kManifestFile, to_json(manifest).dump(2) + "\n", 0600);
}

}  // namespace girofle
