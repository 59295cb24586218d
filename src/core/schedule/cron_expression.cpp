#include "core/schedule/cron_expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <vector>

namespace girofle {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

struct FieldRule {
    const char* name;
    int low;
    int high;
    std::array<const char*, 13> names;  // names[i] is value low + i; empty when numbers only
};

constexpr FieldRule kMinute{"minute", 0, 59, {}};
constexpr FieldRule kHour{"hour", 0, 23, {}};
constexpr FieldRule kDayOfMonth{"day of month", 1, 31, {}};
constexpr FieldRule kMonth{"month", 1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}};
// 7 is Sunday too, as in cron.
constexpr FieldRule kDayOfWeek{"day of week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}};

std::optional<int> value_of(std::string_view token, const FieldRule& rule) {
    if (token.empty()) return std::nullopt;
    if (std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (token.size() > 2) return std::nullopt;
        int value = std::stoi(std::string(token));
        if (value < rule.low || value > rule.high) return std::nullopt;
        return value;
    }
    std::string lower(token);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (int i = 0; i < 13 && rule.names[static_cast<std::size_t>(i)]; ++i)
        if (lower == rule.names[static_cast<std::size_t>(i)]) return rule.low + i;
    return std::nullopt;
}

// Sets the bits one field selects; false when it is malformed.
bool parse_field(std::string_view field, const FieldRule& rule, std::vector<bool>& bits) {
    bits.assign(static_cast<std::size_t>(rule.high + 1), false);
    std::size_t start = 0;
    while (start <= field.size()) {
        const auto comma = std::min(field.find(',', start), field.size());
        std::string_view element = field.substr(start, comma - start);
        start = comma + 1;
        int step = 1;
        if (auto slash = element.find('/'); slash != std::string_view::npos) {
            auto step_text = element.substr(slash + 1);
            if (step_text.empty() || step_text.size() > 2 ||
                !std::all_of(step_text.begin(), step_text.end(), [](unsigned char c) { return std::isdigit(c); }))
                return false;
            step = std::stoi(std::string(step_text));
            element = element.substr(0, slash);
            // "5/10" means different things to different crons: only ranges take a step.
            if (step < 1 || (element != "*" && element.find('-') == std::string_view::npos)) return false;
        }
        int first = rule.low, last = rule.high;
        if (element != "*") {
            const auto dash = element.find('-');
            auto from = value_of(element.substr(0, dash), rule);
            auto to = dash == std::string_view::npos ? from : value_of(element.substr(dash + 1), rule);
            if (!from || !to || *from > *to) return false;
            first = *from;
            last = *to;
        }
        for (int value = first; value <= last; value += step) bits[static_cast<std::size_t>(value)] = true;
        if (comma == field.size()) break;
    }
    return true;
}

std::tm local_time(TimePoint point) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(point);
    std::tm parts{};
    ::localtime_r(&seconds, &parts);
    return parts;
}

// The local calendar day `offset` days from `day` (any time in it), as a noon tm: noon
// never falls in a daylight-saving gap.
std::tm day_at_offset(const std::tm& day, int offset) {
    std::tm noon{};
    noon.tm_year = day.tm_year;
    noon.tm_mon = day.tm_mon;
    noon.tm_mday = day.tm_mday + offset;
    noon.tm_hour = 12;
    noon.tm_isdst = -1;
    std::mktime(&noon);
    return noon;
}

std::optional<TimePoint> at_local(const std::tm& day, int hour, int minute) {
    std::tm parts = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = 0;
    parts.tm_isdst = -1;
    const std::time_t seconds = std::mktime(&parts);
    // A time skipped by a daylight-saving change comes back normalised to another hour.
    if (seconds == -1 || parts.tm_hour != hour || parts.tm_min != minute) return std::nullopt;
    return std::chrono::system_clock::from_time_t(seconds);
}

}  // namespace

Result<CronExpression> CronExpression::parse(std::string_view text) {
    static const std::map<std::string, std::string, std::less<>> macros = {
        {"@hourly", "0 * * * *"},  {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
        {"@weekly", "0 0 * * 0"},  {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
        {"@annually", "0 0 1 1 *"}};
    const std::string object = "schedule '" + std::string(text) + "'";
    std::string fields_text(text);
    if (!text.empty() && text.front() == '@') {
        auto macro = macros.find(text);
        if (macro == macros.end())
            return fail(ErrorKind::usage, object, "unknown macro; use @hourly, @daily, @weekly, @monthly or @yearly");
        fields_text = macro->second;
    }
    std::vector<std::string> fields;
    std::string current;
    for (char c : fields_text) {
        if (c == ' ' || c == '\t') {
            if (!current.empty()) fields.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) fields.push_back(std::move(current));
    if (fields.size() != 5)
        return fail(ErrorKind::usage, object,
                    "needs 5 fields (minute hour day-of-month month day-of-week), got " + std::to_string(fields.size()));

    CronExpression expression;
    expression.text_ = std::string(text);
    const FieldRule* rules[] = {&kMinute, &kHour, &kDayOfMonth, &kMonth, &kDayOfWeek};
    std::vector<bool> bits[5];
    for (std::size_t i = 0; i < 5; ++i)
        if (!parse_field(fields[i], *rules[i], bits[i]))
            return fail(ErrorKind::usage, object,
                        std::string("bad ") + rules[i]->name + " field '" + fields[i] + "' (values " +
                            std::to_string(rules[i]->low) + "-" + std::to_string(rules[i]->high) + ")");
    for (std::size_t v = 0; v < 60; ++v) expression.minutes_[v] = bits[0][v];
    for (std::size_t v = 0; v < 24; ++v) expression.hours_[v] = bits[1][v];
    for (std::size_t v = 1; v < 32; ++v) expression.days_of_month_[v] = bits[2][v];
    for (std::size_t v = 1; v < 13; ++v) expression.months_[v] = bits[3][v];
    for (std::size_t v = 0; v < 8; ++v)
        if (bits[4][v]) expression.days_of_week_[v % 7] = true;
    // As in cron, a field starting with '*' (even "*/2") does not restrict the day.
    expression.day_of_month_restricted_ = fields[2].front() != '*';
    expression.day_of_week_restricted_ = fields[4].front() != '*';
    return expression;
}

bool CronExpression::day_matches(const std::tm& day) const {
    const bool day_of_month = days_of_month_[static_cast<std::size_t>(day.tm_mday)];
    const bool day_of_week = days_of_week_[static_cast<std::size_t>(day.tm_wday)];
    const bool either = day_of_month_restricted_ && day_of_week_restricted_;
    return months_[static_cast<std::size_t>(day.tm_mon + 1)] &&
           (either ? day_of_month || day_of_week : day_of_month && day_of_week);
}

bool CronExpression::matches(TimePoint minute) const {
    const std::tm parts = local_time(minute);
    return day_matches(parts) && hours_[static_cast<std::size_t>(parts.tm_hour)] &&
           minutes_[static_cast<std::size_t>(parts.tm_min)];
}

std::optional<TimePoint> CronExpression::next_after(TimePoint after) const {
    const std::tm today = local_time(after);
    // Five years cover every leap day.
    for (int offset = 0; offset <= 5 * 366; ++offset) {
        const std::tm day = day_at_offset(today, offset);
        if (!day_matches(day)) continue;
        for (int hour = 0; hour < 24; ++hour) {
            if (!hours_[static_cast<std::size_t>(hour)]) continue;
            for (int minute = 0; minute < 60; ++minute) {
                if (!minutes_[static_cast<std::size_t>(minute)]) continue;
                auto candidate = at_local(day, hour, minute);
                if (candidate && *candidate > after && matches(*candidate)) return candidate;
            }
        }
    }
    return std::nullopt;
}

std::optional<TimePoint> CronExpression::last_at_or_before(TimePoint at) const {
    const std::tm today = local_time(at);
    for (int offset = 0; offset >= -366; --offset) {
        const std::tm day = day_at_offset(today, offset);
        if (!day_matches(day)) continue;
        for (int hour = 23; hour >= 0; --hour) {
            if (!hours_[static_cast<std::size_t>(hour)]) continue;
            for (int minute = 59; minute >= 0; --minute) {
                if (!minutes_[static_cast<std::size_t>(minute)]) continue;
                auto candidate = at_local(day, hour, minute);
                if (candidate && *candidate <= at && matches(*candidate)) return candidate;
            }
        }
    }
    return std::nullopt;
}

}  // namespace girofle
