#include "core/drill/drill_report.hpp"

#include <algorithm>

#include "core/file_io.hpp"

namespace girofle {

bool DrillReport::passed() const {
    return !checks.empty() &&
           std::ranges::all_of(checks, [](const DrillCheck& check) { return check.passed || check.skipped; });
}

std::string DrillReport::first_failure() const {
    for (const auto& check : checks)
        if (!check.passed && !check.skipped) return check.name + ": " + check.detail;
    return checks.empty() ? "no check ran" : "";
}

nlohmann::json to_json(const DrillReport& report) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& check : report.checks)
        checks.push_back(
            {{"name", check.name}, {"passed", check.passed}, {"skipped", check.skipped}, {"detail", check.detail}});
    return {{"backup", report.backup_id},
            {"started_at", report.started_at},
            {"duration_ms", report.duration_ms},
            {"passed", report.passed()},
            {"checks", checks}};
}

std::optional<DrillReport> read_drill_report(const std::filesystem::path& snapshot_directory) {
    auto text = read_text_file(snapshot_directory / kDrillFile);
    if (!text) return std::nullopt;
    return drill_report_from_json(nlohmann::json::parse(*text, nullptr, false));
}

std::optional<DrillReport> drill_report_from_json(const nlohmann::json& json) {
    if (!json.is_object() || !json.contains("checks") || !json.at("checks").is_array()) return std::nullopt;
    try {
        DrillReport report{json.value("backup", ""), json.value("started_at", ""),
                           json.value("duration_ms", std::int64_t{0}), {}};
        for (const auto& check : json.at("checks"))
            report.checks.push_back({check.value("name", ""), check.value("passed", false), check.value("detail", ""),
                                     check.value("skipped", false)});
        return report;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

Result<void> write_drill_report(const std::filesystem::path& snapshot_directory, const DrillReport& report) {
    return write_file_atomically(snapshot_directory / kDrillFile, to_json(report).dump(2) + "\n", 0600);
}

}  // namespace girofle
