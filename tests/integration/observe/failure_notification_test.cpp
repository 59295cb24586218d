// The schedule file run as cron runs it: a webhook on 127.0.0.1 gets exactly one notification
// per failed backup and none for a good one; a receiver that hangs or refuses changes neither
// the exit status nor the time past its bound; with a MAILTO, cron gets the error to mail.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <gmock/gmock.h>

#include "core/root_layout.hpp"
#include "integration/cron_run.hpp"
#include "integration/gitlab_fixture.hpp"
#include "integration/observe/webhook_receiver.hpp"
#include "support/loopback_port.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;

class FailureNotificationTest : public GitlabTest {
protected:
    std::filesystem::path schedule_file() const {
        return test_cron_directory(root()) / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-1");
    }

    void configure(const std::string& webhook, bool refusing_hook, int timeout_seconds = 10,
                   const std::string& mailto = "") {
        nlohmann::json notify = {{"webhooks", {webhook}}, {"webhook_timeout_seconds", timeout_seconds}};
        if (!mailto.empty()) notify["mailto"] = mailto;
        nlohmann::json config = {{"notify", notify}};
        if (refusing_hook) config["hooks"] = {{"pre_backup", {{"false"}}}};
        std::filesystem::create_directories(root());
        write_root_config(config);
    }

    // The cron run and how long it took.
    std::pair<CronRun, std::chrono::milliseconds> timed_cron_run() const {
        const auto started = std::chrono::steady_clock::now();
        auto run = run_like_cron(schedule_file());
        return {run, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)};
    }
};

TEST_F(FailureNotificationTest, OneNotificationPerFailedScheduledBackupNoneForAGoodOne) {
    GIROFLE_REQUIRE_DOCKER();
    WebhookReceiver receiver(WebhookReceiver::Mode::answer_200);
    configure(receiver.url(), false);
    commission({"--name", "alert", "--ip", "127.0.14.2"});

    auto good = run_like_cron(schedule_file());
    ASSERT_EQ(good.result.status, 0) << good.result.err;
    EXPECT_EQ(backup_ids("1").size(), 1u);
    EXPECT_TRUE(receiver.bodies().empty()) << "a good backup is not announced";

    configure(receiver.url(), true);
    for (int failed = 1; failed <= 2; ++failed) {
        auto refused = run_like_cron(schedule_file());
        EXPECT_EQ(refused.result.status, 1) << refused.result.err;
        ASSERT_EQ(receiver.bodies().size(), static_cast<std::size_t>(failed));
    }
    EXPECT_EQ(backup_ids("1").size(), 1u);
    auto notification = nlohmann::json::parse(receiver.bodies().back());
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    EXPECT_EQ(notification["event"], "girofle.operation_failed");
    EXPECT_EQ(notification["operation"], "backup");
    EXPECT_EQ(notification["hook"], "pre_backup");
    EXPECT_EQ(notification["instance"], (nlohmann::json{{"number", 1}, {"name", "alert"}}));
    EXPECT_EQ(notification["host"], host);
    EXPECT_THAT(notification["error"].get<std::string>(),
                HasSubstr("instance 1 (noeud-gitlab-1-alert): pre_backup hook 'false': exit status 1"));
    EXPECT_EQ(notification["error_kind"], "failed");

    // The log says the same: two failures, each of them announced.
    auto failures = girofle({"log", "alert", "--failed", "--json"});
    ASSERT_EQ(failures.status, 0) << failures.err;
    EXPECT_EQ(failures.json().size(), 2u);
}

TEST_F(FailureNotificationTest, AHangingOrRefusingWebhookChangesNeitherTheStatusNorTheTimePastItsBound) {
    GIROFLE_REQUIRE_DOCKER();
    const int bound_seconds = 3;
    configure("http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/hook", true, bound_seconds);
    commission({"--name", "slow", "--ip", "127.0.14.3"});

    auto [refused, refused_took] = timed_cron_run();
    EXPECT_EQ(refused.result.status, 1) << refused.result.err;
    const std::string log = read_file(root() / "logs/cron.log");
    EXPECT_THAT(log, HasSubstr("webhook http://127.0.0.1:"));
    EXPECT_THAT(log, HasSubstr("notification not delivered"));

    WebhookReceiver hanging(WebhookReceiver::Mode::hang);
    configure(hanging.url(), true, bound_seconds);
    auto [hung, hung_took] = timed_cron_run();
    EXPECT_EQ(hung.result.status, 1) << hung.result.err;
    EXPECT_GE(hanging.bodies().size(), 1u);
    EXPECT_LT(hung_took, refused_took + std::chrono::seconds(bound_seconds) + std::chrono::milliseconds(1500))
        << "refused: " << refused_took.count() << " ms, hanging: " << hung_took.count() << " ms";

    configure(hanging.url(), false, bound_seconds);
    const auto before = hanging.bodies().size();
    auto [good, good_took] = timed_cron_run();
    EXPECT_EQ(good.result.status, 0) << good.result.err;
    EXPECT_EQ(hanging.bodies().size(), before) << "nothing to announce, nothing to wait for";
    std::cout << "[ figures  ] failing scheduled backup: webhook refused " << refused_took.count()
              << " ms, webhook hanging " << hung_took.count() << " ms (bound " << bound_seconds
              << " s); good backup with a hanging webhook " << good_took.count() << " ms\n";
}

TEST_F(FailureNotificationTest, WithAMailtoCronGetsTheErrorToMailAndTheLogTheRest) {
    GIROFLE_REQUIRE_DOCKER();
    WebhookReceiver receiver(WebhookReceiver::Mode::answer_200);
    configure(receiver.url(), true, 10, "ops@example.com");
    commission({"--name", "mail", "--ip", "127.0.14.4"});
    EXPECT_THAT(read_file(schedule_file()), HasSubstr("\nMAILTO=ops@example.com\n"));
    auto refused = run_like_cron(schedule_file());
    EXPECT_EQ(refused.result.status, 1);
    EXPECT_EQ(refused.result.out, "");
    EXPECT_THAT(refused.result.err, HasSubstr("girofle: error: instance 1 (noeud-gitlab-1-mail): pre_backup hook"));
    EXPECT_EQ(receiver.bodies().size(), 1u);
}

}  // namespace
}  // namespace girofle::testing
