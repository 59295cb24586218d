#include "core/observe/notifications.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/fakes/fake_system.hpp"
#include "unit/fakes/recording_reporter.hpp"
#include "unit/fakes/scripted_poster.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const nlohmann::json kFailedBackup = {{"operation", "backup"}, {"instance", 1}, {"error", "instance 1: no space"},
                                      {"error_kind", "no_space"}, {"outcome", "failed"},
                                      {"time", "2026-11-25T04:00:00Z"}, {"girofle_version", "0.1.0"}};

class NotificationsTest : public ::testing::Test {
protected:
    testing::FakeClock clock;
    testing::RecordingReporter reporter;
    testing::ScriptedPoster poster{clock};
    NotifySettings settings{.webhooks = {"http://127.0.0.1:9/hook"}, .webhook_timeout = 10s};

    NotificationReport notify(const std::vector<nlohmann::json>& failures) {
        return notify_failures(settings, poster, clock, reporter, failures, "vm-1", {{1, "wiki"}});
    }
};

TEST_F(NotificationsTest, OnePostPerAnnouncedFailureAndWebhookSayingWhatFailedWhere) {
    settings.webhooks.push_back("https://hooks.example.com/T000/B000/secret");
    auto unattended = nlohmann::json{{"operation", "commission"}, {"outcome", "failed"}, {"error", "typo"}};
    auto report = notify({kFailedBackup, unattended});
    EXPECT_EQ(report.sent, 2u);
    ASSERT_EQ(poster.posts.size(), 2u);
    EXPECT_EQ(poster.posts[0].first, "http://127.0.0.1:9/hook");
    EXPECT_EQ(poster.posts[1].first, "https://hooks.example.com/T000/B000/secret");
    EXPECT_EQ(poster.posts[0].second,
              (nlohmann::json{{"event", "girofle.operation_failed"}, {"operation", "backup"}, {"hook", ""},
                              {"instance", {{"number", 1}, {"name", "wiki"}}}, {"error", "instance 1: no space"},
                              {"error_kind", "no_space"}, {"host", "vm-1"}, {"time", "2026-11-25T04:00:00Z"},
                              {"girofle_version", "0.1.0"}}));
    EXPECT_TRUE(reporter.messages.empty());
}

TEST_F(NotificationsTest, RefusedAndServerErrorsAreRetriedClientErrorsAreNot) {
    poster.script = {{fail(ErrorKind::unavailable, "webhook", "Couldn't connect")}, {HttpAnswer{503}}, {HttpAnswer{204}}};
    EXPECT_EQ(notify({kFailedBackup}).sent, 1u);
    EXPECT_EQ(poster.posts.size(), 3u);

    poster.posts.clear();
    poster.script = {{HttpAnswer{404}}};
    auto report = notify({kFailedBackup});
    EXPECT_EQ(report.failed, 1u);
    EXPECT_EQ(poster.posts.size(), 1u);
    ASSERT_EQ(reporter.messages.size(), 1u);
    EXPECT_EQ(reporter.messages[0], "warn: webhook http://127.0.0.1:9/…: notification not delivered: answered HTTP 404");
}

TEST_F(NotificationsTest, AHangingReceiverCostsTheBoundOnceForTheWholeCommand) {
    poster.script = {{HttpAnswer{}, 0ms, true}};
    const auto started = clock.monotonic();
    auto report = notify({kFailedBackup, kFailedBackup, kFailedBackup});
    EXPECT_LE(clock.monotonic() - started, 10s);
    EXPECT_EQ(report.failed, 3u);
    EXPECT_EQ(poster.posts.size(), 3u) << "three attempts, then the URL is out of time";
    for (auto timeout : poster.timeouts) EXPECT_LE(timeout, 10s);
    EXPECT_THAT(reporter.messages.back(), HasSubstr("time bound was used up"));
}

TEST_F(NotificationsTest, CredentialsInAUrlAreNeverShown) {
    settings.webhooks = {"https://user:s3cret@hooks.example.com:8443/path/tok3n?key=k3y"};
    poster.script = {{fail(ErrorKind::failed, "webhook", "SSL certificate problem")}};
    notify({kFailedBackup});
    ASSERT_EQ(reporter.messages.size(), 1u);
    EXPECT_EQ(reporter.messages[0],
              "warn: webhook https://hooks.example.com:8443/…: notification not delivered: SSL certificate problem");
    EXPECT_EQ(redacted_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(redacted_url("not a url"), "webhook");
}

}  // namespace
}  // namespace girofle
