// The five-field time specification of a cron.d line, parsed the way Vixie cron and cronie
// read it, so that an expression Girofle accepts is one cron runs, and `schedule show` and
// `doctor` can tell when it runs next and whether a backup is late.
#pragma once

#include <bitset>
#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace girofle {

inline constexpr const char* kDefaultBackupSchedule = "0 */4 * * *";
// Weekly restore drill: Sunday 01:30, half an hour after the default schedule's midnight backup.
inline constexpr const char* kDefaultDrillSchedule = "30 1 * * 0";

class CronExpression {
public:
    // Five fields (minute hour day-of-month month day-of-week) with *, lists, ranges, steps
    // and month or day names, or one of @hourly @daily @midnight @weekly @monthly @yearly
    // @annually. A usage error names the expression and the field at fault.
    static Result<CronExpression> parse(std::string_view text);

    const std::string& text() const { return text_; }
    // In the host's local time, as cron reads it.
    bool matches(std::chrono::system_clock::time_point minute) const;
    // The first run strictly after `after`; nullopt only for dates that never come (Feb 30).
    std::optional<std::chrono::system_clock::time_point> next_after(std::chrono::system_clock::time_point after) const;
    // The last run at or before `at`, within the year before it.
    std::optional<std::chrono::system_clock::time_point> last_at_or_before(std::chrono::system_clock::time_point at) const;

private:
    bool day_matches(const std::tm& day) const;

    std::string text_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_of_month_;  // 1..31
    std::bitset<13> months_;         // 1..12
    std::bitset<7> days_of_week_;    // 0..6, Sunday 0 (7 is read as 0)
    // Cron's rule: when both day fields are restricted, a day matching either one runs.
    bool day_of_month_restricted_ = false;
    bool day_of_week_restricted_ = false;
};

}  // namespace girofle
