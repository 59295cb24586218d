#include "core/observe/history.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/clock.hpp"

namespace girofle {
namespace {

std::optional<std::int64_t> integer_field(const nlohmann::json& line, const char* key) {
    auto found = line.find(key);
    if (found == line.end() || !found->is_number_integer()) return std::nullopt;
    return found->get<std::int64_t>();
}

std::string string_field(const nlohmann::json& line, const char* key) {
    auto found = line.find(key);
    return found != line.end() && found->is_string() ? found->get<std::string>() : "";
}

std::optional<HistoryEntry> entry_from(const std::string& text) {
    auto line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object()) return std::nullopt;
    auto time = parse_rfc3339_utc(string_field(line, "time"));
    std::string operation = string_field(line, "operation");
    if (!time || operation.empty()) return std::nullopt;
    HistoryEntry entry;
    entry.time = *time;
    entry.operation = std::move(operation);
    entry.outcome = string_field(line, "outcome");
    entry.error = string_field(line, "error");
    if (auto number = line.find("instance"); number != line.end() && number->is_number_integer() && *number >= 0)
        entry.instance = number->get<std::uint64_t>();
    entry.duration_ms = integer_field(line, "duration_ms");
    entry.freeze_window_ms = integer_field(line, "freeze_window_ms");
    entry.line = std::move(line);
    return entry;
}

}  // namespace

const char* outcome_of(const Error& error) { return error.kind == ErrorKind::busy ? "refused" : "failed"; }

Result<History> read_history(const std::filesystem::path& operations_log) {
    History history;
    std::error_code missing;
    if (!std::filesystem::exists(operations_log, missing) && !missing) return history;
    std::ifstream in(operations_log);
    if (!in) {
        return fail(ErrorKind::failed, operations_log.string(), std::string("cannot read: ") + std::strerror(errno));
    }
    for (std::string text; std::getline(in, text);) {
        if (text.empty()) continue;
        if (auto entry = entry_from(text)) history.entries.push_back(std::move(*entry));
        else ++history.unreadable_lines;  // a line cut short by a full disk, or not ours
    }
    return history;
}

std::vector<HistoryEntry> filter_history(const std::vector<HistoryEntry>& entries, const HistoryFilter& filter) {
    std::vector<HistoryEntry> kept;
    for (const auto& entry : entries) {
        if (filter.instance && entry.instance != filter.instance) continue;
        if (filter.since && entry.time < *filter.since) continue;
        if (filter.failed_only && !entry.failed()) continue;
        kept.push_back(entry);
    }
    return kept;
}

Result<std::chrono::seconds> parse_duration(std::string_view text) {
    auto refuse = [&] {
        return fail(ErrorKind::usage, "duration '" + std::string(text) + "'",
                    "expected a number and a unit s, m, h, d or w, e.g. 30m, 12h, 7d or 1h30m");
    };
    if (text.empty()) return refuse();
    std::chrono::seconds total{0};
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t digits = at;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
        if (digits == at || digits == text.size() || digits - at > 9) return refuse();
        const long long value = std::stoll(std::string(text.substr(at, digits - at)));
        long long unit = 0;
        switch (text[digits]) {
            case 's': unit = 1; break;
            case 'm': unit = 60; break;
            case 'h': unit = 3600; break;
            case 'd': unit = 86400; break;
            case 'w': unit = 7 * 86400; break;
            default: return refuse();
        }
        total += std::chrono::seconds(value * unit);
        at = digits + 1;
    }
    if (total.count() == 0) return refuse();
    return total;
}

}  // namespace girofle
