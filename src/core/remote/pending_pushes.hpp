// Snapshots a `backup --remote` could not push yet, kept in ROOT/noeud-gitlab-N/
// remote-pending.json (beside the snapshots, never inside one: they are read-only history),
// so that the next run pushes them first.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

class PendingPushes {
public:
    explicit PendingPushes(std::filesystem::path instance_directory)
        : file_(std::move(instance_directory) / "remote-pending.json") {}

    const std::filesystem::path& file() const { return file_; }
    // None when the file does not exist.
    Result<std::vector<std::string>> load() const;
    // Written atomically; an empty list removes the file.
    Result<void> save(const std::vector<std::string>& ids) const;

private:
    std::filesystem::path file_;
};

// What to push, oldest first: the pending snapshots still on disk, then the new one, each once.
std::vector<std::string> push_queue(const std::vector<std::string>& pending, const std::string& new_id,
                                    const std::vector<std::string>& local_ids);

}  // namespace girofle
