// How a Girofle snapshot is labelled in a restic repository, so that another VM can find
// it with no inventory: girofle, instance=N, name=NAME, snapshot=ID, gitlab=VERSION.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup/manifest.hpp"
#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kGirofleTag = "girofle";

std::vector<std::string> snapshot_tags(const SnapshotManifest& manifest);
std::string instance_tag(std::uint64_t number);

// One restic snapshot holding one Girofle snapshot, as `restic snapshots --json` lists it.
struct RemoteSnapshot {
    std::string restic_id;
    std::string short_id;
    std::string time;
    // The path restic recorded: the snapshot directory for pushes before the stable path,
    // else the instance's stable push path (core/remote/push_source.hpp).
    std::string path;
    std::uint64_t instance = 0;  // 0: not tagged by Girofle
    std::string name;
    std::string snapshot;        // Girofle's snapshot ID
    std::string gitlab;

    // Pushed by Girofle before the stable path: restic's tree holds the snapshot under its
    // full path (path ends with the snapshot ID). Else the tree's root is the snapshot itself.
    bool holds_full_path() const;
};

// Oldest first; snapshots without Girofle's tags are left out.
Result<std::vector<RemoteSnapshot>> parse_remote_snapshots(const std::string& json_text, const std::string& object);

// data_added (bytes) from the summary line of `restic backup --json`'s output (one JSON
// message a line); 0 when there is none.
std::uint64_t restic_bytes_added(const std::string& output);

// INSTANCE as on the command line: a number, a name or a container name.
bool snapshot_of_instance(const RemoteSnapshot& snapshot, std::string_view reference);

// A restic ID (full or a prefix of at least 8) or Girofle's snapshot ID.
bool snapshot_matches(const RemoteSnapshot& snapshot, std::string_view id);

}  // namespace girofle
