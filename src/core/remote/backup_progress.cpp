#include "core/remote/backup_progress.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace girofle {
namespace {

// A JSON object of `message_type` from one line, else null.
nlohmann::json message_of(const std::string& line, const char* type) {
    if (line.empty() || line.front() != '{') return nullptr;
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_object()) return nullptr;
    auto kind = json.find("message_type");
    if (kind == json.end() || !kind->is_string() || kind->get<std::string>() != type) return nullptr;
    return json;
}

std::uint64_t count(const nlohmann::json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : 0;
}

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

// Binary units, one decimal from KiB up: "512 B", "1.5 MiB".
std::string bytes_text(std::uint64_t bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (unit == 0) std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    else std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

}  // namespace

std::optional<ResticBackupSummary> backup_summary_of(const std::string& line) {
    auto json = message_of(line, "summary");
    if (json.is_null()) return std::nullopt;
    ResticBackupSummary summary{.files_new = count(json, "files_new"),
                                .files_changed = count(json, "files_changed"),
                                .files_unmodified = count(json, "files_unmodified"),
                                .data_added = count(json, "data_added"),
                                .total_files_processed = count(json, "total_files_processed"),
                                .total_bytes_processed = count(json, "total_bytes_processed"),
                                .snapshot_id = {}};
    if (auto id = json.find("snapshot_id"); id != json.end() && id->is_string()) summary.snapshot_id = id->get<std::string>();
    return summary;
}

std::optional<ResticBackupSummary> backup_summary_in(const std::string& output) {
    std::optional<ResticBackupSummary> last;
    std::size_t start = 0;
    while (start < output.size()) {
        auto end = output.find('\n', start);
        if (end == std::string::npos) end = output.size();
        if (auto summary = backup_summary_of(output.substr(start, end - start))) last = summary;
        start = end + 1;
    }
    return last;
}

std::optional<std::string> backup_status_text(const std::string& line) {
    auto json = message_of(line, "status");
    if (json.is_null()) return std::nullopt;
    double done = 0;
    if (auto percent = json.find("percent_done"); percent != json.end() && percent->is_number())
        done = percent->get<double>();
    // restic counts while it scans: totals grow until the scan ends.
    std::string text = std::to_string(static_cast<int>(std::floor(std::clamp(done, 0.0, 1.0) * 100))) + "% " +
                       grouped(count(json, "files_done")) + "/" + grouped(count(json, "total_files")) + " files " +
                       bytes_text(count(json, "bytes_done")) + "/" + bytes_text(count(json, "total_bytes"));
    return text;
}

}  // namespace girofle
