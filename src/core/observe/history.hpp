// The operation history: ROOT/logs/operations.jsonl as the LogReporter appends it, one JSON
// object per line ("time", "operation", "outcome", and per operation "instance", "duration_ms",
// "freeze_window_ms", "error", ...). Read by `girofle log` and by the metrics writer.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct HistoryEntry {
    std::chrono::system_clock::time_point time;
    std::optional<std::uint64_t> instance;        // absent for operations on no instance
    std::string operation;                        // "backup", "remote push", "restore", ...
    std::string outcome;                          // "ok" or "failed"
    std::string error;                            // empty when ok
    std::optional<std::int64_t> duration_ms;
    std::optional<std::int64_t> freeze_window_ms;
    nlohmann::json line;                          // the whole record, for --json

    bool failed() const { return outcome == "failed"; }
};

struct History {
    std::vector<HistoryEntry> entries;  // in file order (oldest first)
    std::size_t unreadable_lines = 0;   // not JSON, or without a time or operation
};

// The outcome the operations log gives an operation that ended in `error`: "refused" when
// another operation held the lock (busy: nothing was tried, so no failure is counted or
// announced), "failed" otherwise. Bad usage (exit status 2) is not recorded at all.
const char* outcome_of(const Error& error);

// A missing file is an empty history. Errors: the file exists but cannot be read.
Result<History> read_history(const std::filesystem::path& operations_log);

struct HistoryFilter {
    std::optional<std::uint64_t> instance;
    std::optional<std::chrono::system_clock::time_point> since;  // entries at or after
    bool failed_only = false;
};

std::vector<HistoryEntry> filter_history(const std::vector<HistoryEntry>& entries, const HistoryFilter& filter);

// "90s", "30m", "12h", "7d", "2w" and sums of them ("1h30m"); usage error naming the text
// for anything else, zero included.
Result<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace girofle
