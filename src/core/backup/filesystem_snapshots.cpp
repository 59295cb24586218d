#include "core/backup/filesystem_snapshots.hpp"

namespace girofle {
namespace {

class NoFilesystemSnapshots final : public FilesystemSnapshots {
public:
    bool is_subvolume(const std::filesystem::path&) override { return false; }
    bool supports_reflink(const std::filesystem::path&) override { return false; }
    Result<void> create_subvolume(const std::filesystem::path& directory) override { return unsupported(directory); }
    Result<void> snapshot_subvolume(const std::filesystem::path& source, const std::filesystem::path&) override {
        return unsupported(source);
    }
    Result<void> remove_subvolume(const std::filesystem::path& directory) override { return unsupported(directory); }

private:
    static Result<void> unsupported(const std::filesystem::path& path) {
        return fail(ErrorKind::failed, path.string(), "filesystem snapshots are not available here");
    }
};

}  // namespace

FilesystemSnapshots& no_filesystem_snapshots() {
    static NoFilesystemSnapshots none;
    return none;
}

}  // namespace girofle
