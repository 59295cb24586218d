#include "core/observe/problem_notifications.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "unit/fakes/fake_system.hpp"
#include "unit/fakes/recording_reporter.hpp"
#include "unit/fakes/scripted_poster.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

const Problem kLateBackup = {
    "backup/instance 1",
    {{"event", "girofle.problem_found"},
     {"operation", "doctor"},
     {"instance", 1},
     {"error", "backup: instance 1: last backup 20261130T010000Z (5 h ago)"},
     {"error_kind", "problem"}}};
const Problem kPausedInstance = {"running/instance 2",
                                 {{"event", "girofle.problem_found"},
                                  {"operation", "doctor"},
                                  {"instance", 2},
                                  {"error", "running: instance 2: GitLab is paused"},
                                  {"error_kind", "problem"}}};

class ProblemNotificationsTest : public ::testing::Test {
  protected:
    testing::TempDir dir;
    testing::FakeClock clock;
    testing::RecordingReporter reporter;
    testing::ScriptedPoster poster{clock};
    NotifySettings settings{.webhooks = {"http://127.0.0.1:9/hook"}, .webhook_timeout = 10s};
    const std::chrono::system_clock::time_point start = clock.wall;

    // One scheduled doctor run `after` the first: the webhook bodies it POSTed.
    std::vector<std::string> run_at(std::chrono::seconds after,
                                    const std::vector<Problem>& problems) {
        clock.wall = start + after;
        const auto before = poster.posts.size();
        notify_problems(settings, poster, clock, reporter, problems, "vm-1",
                        {{1, "wiki"}, {2, "docs"}}, dir / "notified-problems.json");
        std::vector<std::string> errors;
        for (auto post = poster.posts.begin() + static_cast<std::ptrdiff_t>(before);
             post != poster.posts.end(); ++post)
            errors.push_back(post->second["error"].get<std::string>());
        return errors;
    }
};

TEST_F(ProblemNotificationsTest, AProblemIsAnnouncedWhenItAppearsThenOnceADayWhileItLasts) {
    std::vector<std::string> announced;
    // Hourly runs for two days and a bit, cron starting each some seconds later or earlier.
    for (int hour = 0; hour <= 50; ++hour) {
        const auto started_after =
            std::chrono::hours(hour) + (hour == 0 ? 40s : std::chrono::seconds(hour % 5 * 5));
        for (const auto& error : run_at(started_after, {kLateBackup}))
            announced.push_back(std::to_string(hour) + ": " + error);
    }
    EXPECT_EQ(announced,
              (std::vector<std::string>{"0: " + kLateBackup.notice["error"].get<std::string>(),
                                        "24: " + kLateBackup.notice["error"].get<std::string>(),
                                        "48: " + kLateBackup.notice["error"].get<std::string>()}));
    EXPECT_EQ(poster.posts.front().second["event"], "girofle.problem_found");
    EXPECT_EQ(poster.posts.front().second["instance"],
              (nlohmann::json{{"number", 1}, {"name", "wiki"}}));
}

TEST_F(ProblemNotificationsTest, AProblemThatWentAwayIsAnnouncedAgainAtOnceWhenItReturns) {
    EXPECT_EQ(run_at(0min, {kLateBackup}).size(), 1u);
    EXPECT_EQ(run_at(60min, {}).size(), 0u);
    EXPECT_EQ(read_notified_problems(dir / "notified-problems.json"), NotifiedProblems{});
    EXPECT_EQ(run_at(120min, {kLateBackup}).size(), 1u);
}

TEST_F(ProblemNotificationsTest, EachProblemHasItsOwnDayANewOneIsAnnouncedAtOnce) {
    EXPECT_EQ(run_at(0min, {kLateBackup}).size(), 1u);
    EXPECT_EQ(run_at(60min, {kLateBackup, kPausedInstance}),
              std::vector<std::string>{"running: instance 2: GitLab is paused"});
    EXPECT_EQ(run_at(120min, {kLateBackup, kPausedInstance}).size(), 0u);
}

TEST_F(ProblemNotificationsTest, AWebhookThatMissedANoticeGetsItNextRunTheOtherIsNotRepeated) {
    settings.webhooks.push_back("https://hooks.example.com/T000/B000/s3cret");
    poster.script = {{fail(ErrorKind::unavailable, "webhook", "Couldn't connect")},
                     {fail(ErrorKind::unavailable, "webhook", "Couldn't connect")},
                     {fail(ErrorKind::unavailable, "webhook", "Couldn't connect")},
                     {HttpAnswer{200}}};
    run_at(0min, {kLateBackup});
    ASSERT_EQ(poster.posts.size(), 4u) << "three attempts to the first webhook, one to the second";
    EXPECT_EQ(poster.posts.back().first, "https://hooks.example.com/T000/B000/s3cret");

    EXPECT_EQ(run_at(60min, {kLateBackup}).size(), 1u);
    EXPECT_EQ(poster.posts.back().first, "http://127.0.0.1:9/hook");
    EXPECT_EQ(run_at(120min, {kLateBackup}).size(), 0u);

    const std::string state = testing::read_file(dir / "notified-problems.json");
    EXPECT_EQ(state.find("s3cret"), std::string::npos) << state;
    EXPECT_EQ(state.find("127.0.0.1"), std::string::npos) << state;
    EXPECT_NE(state.find(webhook_digest(settings.webhooks[1])), std::string::npos) << state;
}

TEST_F(ProblemNotificationsTest, AnUnreadableStateCostsOneNoticeMoreNeverOneLess) {
    EXPECT_EQ(run_at(0min, {kLateBackup}).size(), 1u);
    std::filesystem::resize_file(dir / "notified-problems.json", 5);
    EXPECT_EQ(run_at(60min, {kLateBackup}).size(), 1u);
    EXPECT_EQ(run_at(120min, {kLateBackup}).size(), 0u);
}

}  // namespace
}  // namespace girofle
