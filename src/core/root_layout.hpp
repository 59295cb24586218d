// Where everything lives under the root directory (DESIGN.md §2). Paths only: no I/O here
// except the scan for instance directories.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace girofle {

class RootLayout {
public:
    explicit RootLayout(std::filesystem::path root) : root_(std::move(root)) {}

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path instance_directory(std::uint64_t number) const;
    // kind: "data", "config" or "log"
    std::filesystem::path volume(std::uint64_t number, const std::string& kind) const;
    std::filesystem::path backups(std::uint64_t number) const;
    std::filesystem::path logs() const { return root_ / "logs"; }
    std::filesystem::path operations_log() const { return logs() / "operations.jsonl"; }  // core/observe/history.hpp
    std::filesystem::path inventory() const { return root_ / "inventory"; }
    std::filesystem::path config_file() const { return root_ / "girofle.json"; }

    // Names Girofle writes outside the root (cron files, containers) are shared by every root
    // on the host: this tag tells them apart. "r" and the first 8 hex digits of the SHA-256 of
    // the root's path.
    std::string host_tag() const;
    bool is_default() const { return root_ == kDefaultRoot; }
    static constexpr const char* kDefaultRoot = "/girofle";

    // The highest N of an existing noeud-gitlab-N directory, 0 if none: a lost inventory
    // must never hand out a number whose directory still holds data.
    std::uint64_t highest_instance_directory() const;

    static constexpr const char* kVolumeKinds[] = {"data", "config", "log"};

private:
    std::filesystem::path root_;
};

}  // namespace girofle
