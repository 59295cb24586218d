// What `restic backup --json` says while it runs (one JSON message a line): its status lines
// become a live progress line, its summary the figures a push records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace girofle {

// The "summary" message: how many files restic read (new, changed) and how many it skipped
// by their metadata (unmodified: inode, mtime, size as in the parent snapshot).
struct ResticBackupSummary {
    std::uint64_t files_new = 0;
    std::uint64_t files_changed = 0;
    std::uint64_t files_unmodified = 0;
    std::uint64_t data_added = 0;  // bytes added to the repository
    std::uint64_t total_files_processed = 0;
    std::uint64_t total_bytes_processed = 0;
    std::string snapshot_id;  // restic's short ID of the snapshot it saved
};

// The summary from one line of output; nullopt for any other line.
std::optional<ResticBackupSummary> backup_summary_of(const std::string& line);

// The summary in restic's whole output (its last one); nullopt when there is none.
std::optional<ResticBackupSummary> backup_summary_in(const std::string& output);

// A "status" line said for people: "42% 1,234/40,000 files 512 MiB/1.1 GiB"; nullopt for any
// other line (summaries, errors, verbose messages).
std::optional<std::string> backup_status_text(const std::string& line);

}  // namespace girofle
