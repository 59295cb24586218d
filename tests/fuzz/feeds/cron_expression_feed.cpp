#include <chrono>

#include "core/schedule/cron_expression.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

void feed_cron_expression(std::string_view input) {
    auto expression = CronExpression::parse(input);
    if (!expression) return;
    // A fixed instant (2026-03-29 00:30 UTC, a night Europe changes its clocks), so that a
    // failing input fails the same way on replay.
    const auto start = std::chrono::system_clock::time_point(std::chrono::seconds(1774744200));
    if (auto next = expression->next_after(start)) {
        require(*next > start, "next_after gives a run after the instant asked");
        require(expression->matches(*next), "next_after gives a run the expression matches");
    }
    if (auto last = expression->last_at_or_before(start)) {
        require(*last <= start, "last_at_or_before gives a run at or before the instant asked");
        require(expression->matches(*last), "last_at_or_before gives a run the expression matches");
    }
    auto again = CronExpression::parse(expression->text());
    require(again.has_value(), "an accepted expression's text parses again");
}

}  // namespace girofle::fuzz
