// drill.json, written beside a snapshot's manifest by `girofle drill`: when the snapshot was
// last restored into a throwaway container and what each check found (DESIGN §12).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kDrillFile = "drill.json";

struct DrillCheck {
    std::string name;    // "database recovered", "fsck group/project.git", ...
    bool passed = false;
    std::string detail;  // what was found; for a failure, the file or ref and the cause
    bool skipped = false;  // not applicable to this image; detail says why (never a failure)
};

struct DrillReport {
    std::string backup_id;
    std::string started_at;        // RFC 3339 UTC
    std::int64_t duration_ms = 0;  // from the scratch copy to the cleanup
    std::vector<DrillCheck> checks;

    bool passed() const;
    // The first failed check, "NAME: DETAIL"; empty when all passed.
    std::string first_failure() const;
};

nlohmann::json to_json(const DrillReport& report);
// The report to_json wrote; empty when `json` is not one.
std::optional<DrillReport> drill_report_from_json(const nlohmann::json& json);
// Empty when the snapshot has no drill.json or an unreadable one (no drill on record).
std::optional<DrillReport> read_drill_report(const std::filesystem::path& snapshot_directory);
// Atomically, 0600. Errors: the file's.
Result<void> write_drill_report(const std::filesystem::path& snapshot_directory, const DrillReport& report);

}  // namespace girofle
