// FilesystemSnapshots for the core's tests on a plain filesystem: chosen directories pass for
// subvolumes, a "snapshot" is a recursive copy, and each call can be made to fail.
#pragma once

#include <functional>
#include <set>

#include "core/backup/filesystem_snapshots.hpp"

namespace girofle::testing {

class FakeFilesystemSnapshots final : public FilesystemSnapshots {
public:
    std::set<std::filesystem::path> subvolumes;
    bool reflinks = false;
    bool refuse_snapshot = false;
    std::function<void()> on_snapshot;  // runs as the snapshot is taken (what the test watches)
    int snapshots_taken = 0;

    bool is_subvolume(const std::filesystem::path& directory) override { return subvolumes.contains(directory); }
    bool supports_reflink(const std::filesystem::path&) override { return reflinks; }
    Result<void> create_subvolume(const std::filesystem::path& directory) override {
        std::filesystem::create_directory(directory);
        subvolumes.insert(directory);
        return {};
    }
    Result<void> snapshot_subvolume(const std::filesystem::path& source, const std::filesystem::path& destination) override {
        if (on_snapshot) on_snapshot();
        if (refuse_snapshot) return fail(ErrorKind::failed, source.string(), "cannot snapshot: Operation not permitted");
        std::filesystem::copy(source, destination,
                              std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
        subvolumes.insert(destination);
        ++snapshots_taken;
        return {};
    }
    Result<void> remove_subvolume(const std::filesystem::path& directory) override {
        std::filesystem::remove_all(directory);
        subvolumes.erase(directory);
        return {};
    }
};

}  // namespace girofle::testing
