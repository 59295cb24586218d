// Refusals are no failures: a scheduled backup refused because another operation holds the
// instance's lock is neither counted in girofle_backup_failures_total nor announced, and a
// command refused for bad usage (exit status 2, nothing changed) is no operation of the log.
#include <gmock/gmock.h>

#include <chrono>
#include <thread>

#include "core/root_layout.hpp"
#include "integration/cron_run.hpp"
#include "integration/gitlab_fixture.hpp"
#include "integration/observe/webhook_receiver.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;

class RefusalTest : public GitlabTest {
  protected:
    std::filesystem::path schedule_file() const {
        return test_cron_directory(root()) /
               ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-1");
    }
    std::vector<nlohmann::json> log_entries(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args = {"log", "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto listed = girofle(args);
        EXPECT_EQ(listed.status, 0) << listed.err;
        return listed.json().get<std::vector<nlohmann::json>>();
    }
};

TEST_F(RefusalTest, ABusyRefusalIsNeitherCountedNorAnnouncedAndBadUsageIsNotLogged) {
    GIROFLE_REQUIRE_DOCKER();
    WebhookReceiver receiver(WebhookReceiver::Mode::answer_200);
    const auto started = scratch() / "hook-started";
    const auto release = scratch() / "hook-release";
    std::filesystem::create_directories(root());
    // The first backup holds the instance's lock in its pre hook until the test releases it.
    write_root_config({{"notify", {{"webhooks", {receiver.url()}}}},
                       {"hooks",
                        {{"pre_backup",
                          {{"sh", "-c", "touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.1; done",
                            started.string(), release.string()}}}}}});
    commission({"--name", "held", "--ip", "127.0.14.6"});

    CommandResult holder;
    std::thread holding([&] { holder = girofle({"backup", "held"}); });
    for (int waited = 0; waited < 600 && !std::filesystem::exists(started); ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(std::filesystem::exists(started))
        << "the holding backup never reached its pre hook";

    auto refused = run_like_cron(schedule_file());
    write_file(release, "");
    holding.join();
    EXPECT_EQ(refused.result.status, 1);
    EXPECT_THAT(read_file(root() / "logs/cron.log"), HasSubstr("busy: backup (pid "));
    ASSERT_EQ(holder.status, 0) << holder.err;
    EXPECT_TRUE(receiver.bodies().empty()) << receiver.bodies().front();

    const std::string metrics = read_file(root() / "metrics/girofle.prom");
    EXPECT_THAT(metrics,
                HasSubstr("\ngirofle_backup_failures_total{number=\"1\",name=\"held\"} 0\n"))
        << metrics;
    EXPECT_TRUE(log_entries({"--failed"}).empty());
    const auto entries = log_entries();
    const auto refusal =
        std::find_if(entries.begin(), entries.end(),
                     [](const nlohmann::json& entry) { return entry["outcome"] == "refused"; });
    ASSERT_NE(refusal, entries.end()) << nlohmann::json(entries).dump(2);
    EXPECT_EQ((*refusal)["operation"], "backup");
    EXPECT_EQ((*refusal)["instance"], 1);
    EXPECT_EQ((*refusal)["error_kind"], "busy");

    // Bad usage changes nothing and is no operation: not in the log, failed or not.
    const auto logged = entries.size();
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"backup", "nosuch"},
          std::vector<std::string>{"restore", "held", "--backup", "nosuch"},
          std::vector<std::string>{"schedule", "set", "held", "61 * * * *"}}) {
        auto refused_usage = girofle(bad);
        EXPECT_EQ(refused_usage.status, 2) << bad[0] << " " << bad[1] << ": " << refused_usage.err;
    }
    EXPECT_EQ(log_entries().size(), logged);
    EXPECT_TRUE(log_entries({"--failed"}).empty());
    EXPECT_TRUE(receiver.bodies().empty());
}

}  // namespace
}  // namespace girofle::testing
