#include "core/schedule/cron_expression.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace girofle {
namespace {

using std::chrono::system_clock;

// Cron reads local time; these tests fix it to UTC so that their dates mean one thing.
class CronExpressionTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* tz = std::getenv("TZ");
        saved_tz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    void TearDown() override {
        if (saved_tz_) ::setenv("TZ", saved_tz_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }

    static system_clock::time_point at(const char* text) {
        std::tm parts{};
        ::strptime(text, "%Y-%m-%d %H:%M", &parts);
        return system_clock::from_time_t(::timegm(&parts));
    }

private:
    std::optional<std::string> saved_tz_;
};

TEST_F(CronExpressionTest, TheDefaultRunsEveryFourHoursOnTheHour) {
    auto expression = CronExpression::parse(kDefaultBackupSchedule);
    ASSERT_TRUE(expression) << expression.error().message();
    EXPECT_EQ(expression->next_after(at("2026-11-25 10:07")), at("2026-11-25 12:00"));
    EXPECT_EQ(expression->next_after(at("2026-11-25 12:00")), at("2026-11-25 16:00"));
    EXPECT_EQ(expression->next_after(at("2026-12-31 21:30")), at("2027-01-01 00:00"));
    EXPECT_EQ(expression->last_at_or_before(at("2026-11-25 12:00")), at("2026-11-25 12:00"));
    EXPECT_EQ(expression->last_at_or_before(at("2026-11-25 11:59")), at("2026-11-25 08:00"));
}

TEST_F(CronExpressionTest, ReadsListsRangesStepsNamesAndMacros) {
    auto weekdays = CronExpression::parse("30 1,13 * * mon-fri");
    ASSERT_TRUE(weekdays);
    // 2026-11-27 is a Friday: the next run after its last one is on Monday.
    EXPECT_EQ(weekdays->next_after(at("2026-11-27 13:30")), at("2026-11-30 01:30"));
    auto stepped = CronExpression::parse("10-50/20 * * * *");
    ASSERT_TRUE(stepped);
    EXPECT_EQ(stepped->next_after(at("2026-11-25 10:31")), at("2026-11-25 10:50"));
    auto sunday_as_seven = CronExpression::parse("0 0 * * 7");
    ASSERT_TRUE(sunday_as_seven);
    EXPECT_EQ(sunday_as_seven->next_after(at("2026-11-25 00:00")), at("2026-11-29 00:00"));
    auto daily = CronExpression::parse("@daily");
    ASSERT_TRUE(daily);
    EXPECT_EQ(daily->next_after(at("2026-11-25 00:00")), at("2026-11-26 00:00"));
    auto months = CronExpression::parse("0 3 1 Jan,JUL *");
    ASSERT_TRUE(months);
    EXPECT_EQ(months->next_after(at("2026-11-25 00:00")), at("2027-01-01 03:00"));
}

TEST_F(CronExpressionTest, BothDayFieldsRestrictedMeansEitherDay) {
    // As cron reads it: the 1st of the month, and every Monday.
    auto either = CronExpression::parse("0 0 1 * mon");
    ASSERT_TRUE(either);
    EXPECT_EQ(either->next_after(at("2026-11-25 00:00")), at("2026-11-30 00:00"));
    EXPECT_EQ(either->next_after(at("2026-11-30 00:00")), at("2026-12-01 00:00"));
    // A '*' day of week (even stepped) leaves the day of month alone in charge.
    auto day_only = CronExpression::parse("0 0 1 * */2");
    ASSERT_TRUE(day_only);
    EXPECT_EQ(day_only->next_after(at("2026-11-25 00:00")), at("2026-12-01 00:00"));
}

TEST_F(CronExpressionTest, ADateThatNeverComesHasNoNextRun) {
    auto never = CronExpression::parse("0 0 30 feb *");
    ASSERT_TRUE(never);
    EXPECT_FALSE(never->next_after(at("2026-11-25 00:00")));
    auto leap = CronExpression::parse("0 0 29 feb *");
    ASSERT_TRUE(leap);
    EXPECT_EQ(leap->next_after(at("2026-11-25 00:00")), at("2028-02-29 00:00"));
}

TEST_F(CronExpressionTest, RefusesWhatCronWouldNotRunNamingTheField) {
    struct Case {
        const char* text;
        const char* expected;
    };
    for (const Case& bad : {Case{"0 */4 * *", "needs 5 fields"},
                            Case{"0 */4 * * * *", "needs 5 fields"},
                            Case{"60 * * * *", "bad minute field '60'"},
                            Case{"0 24 * * *", "bad hour field '24'"},
                            Case{"0 0 0 * *", "bad day of month field '0'"},
                            Case{"0 0 * 13 *", "bad month field '13'"},
                            Case{"0 0 * * 8", "bad day of week field '8'"},
                            Case{"0 0 * * sunday", "bad day of week field 'sunday'"},
                            Case{"*/0 * * * *", "bad minute field"},
                            Case{"5/10 * * * *", "bad minute field"},
                            Case{"10-5 * * * *", "bad minute field"},
                            Case{"1,,2 * * * *", "bad minute field"},
                            Case{"@reboot", "unknown macro"},
                            Case{"", "needs 5 fields"}}) {
        auto parsed = CronExpression::parse(bad.text);
        ASSERT_FALSE(parsed) << bad.text;
        EXPECT_EQ(parsed.error().exit_status(), 2) << bad.text;
        EXPECT_NE(parsed.error().message().find(bad.expected), std::string::npos)
            << bad.text << ": " << parsed.error().message();
        EXPECT_NE(parsed.error().message().find(std::string("schedule '") + bad.text + "'"), std::string::npos);
    }
}

}  // namespace
}  // namespace girofle
