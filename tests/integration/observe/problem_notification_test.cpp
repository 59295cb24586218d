// Issue 14, late backups: the hourly doctor run a schedule brings, run as cron runs it, finds an
// instance whose last backup is older than its schedule says and POSTs one notification about
// it to a webhook on 127.0.0.1; the next runs, while the backup stays late, POST nothing more;
// once a backup ended the problem, its return is announced again.
#include <gmock/gmock.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "core/backup/snapshot_id.hpp"
#include "core/root_layout.hpp"
#include "integration/cron_run.hpp"
#include "integration/gitlab_fixture.hpp"
#include "integration/observe/webhook_receiver.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class ProblemNotificationTest : public GitlabTest {
  protected:
    std::filesystem::path cron_file(const std::string& base) const {
        return test_cron_directory(root()) /
               ("girofle-" + RootLayout(root()).host_tag() + "-" + base);
    }

    void configure(const std::string& webhook) {
        std::filesystem::create_directories(root());
        write_root_config({{"notify", {{"webhooks", {webhook}}, {"webhook_timeout_seconds", 10}}}});
    }

    // The problems `doctor --json` (without --notify) finds, each as its notice says it.
    std::multiset<std::string> problems_doctor_finds() const {
        const auto report = girofle({"--json", "doctor"}).json();
        std::multiset<std::string> problems;
        for (const auto& finding : report["findings"]) {
            if (finding["verdict"] != "problem") continue;
            const std::string fix = finding["fix"];
            problems.insert(finding["check"].get<std::string>() + ": " +
                            finding["detail"].get<std::string>() +
                            (fix.empty() ? "" : " (fix: " + fix + ")"));
        }
        return problems;
    }

    // The inventory as it is when the instance's last backup is `age` old: what hours without
    // a scheduled backup (cron stopped, the host down) leave behind.
    void make_last_backup(std::chrono::hours age) const {
        LmdbInventory inventory(root() / "inventory");
        auto aged = inventory.modify(1, [&](InstanceRecord& record) {
            record.last_backup = snapshot_id_for(std::chrono::system_clock::now() - age);
        });
        ASSERT_TRUE(aged) << aged.error().message();
    }

    static std::multiset<std::string> errors_in(const std::vector<std::string>& bodies,
                                                std::size_t from = 0) {
        std::multiset<std::string> errors;
        for (std::size_t index = from; index < bodies.size(); ++index)
            errors.insert(nlohmann::json::parse(bodies[index])["error"].get<std::string>());
        return errors;
    }
};

TEST_F(ProblemNotificationTest, ALateBackupIsAnnouncedOnceByTheScheduledDoctorRunNotOnEveryRun) {
    GIROFLE_REQUIRE_DOCKER();
    WebhookReceiver receiver(WebhookReceiver::Mode::answer_200);
    configure(receiver.url());
    commission({"--name", "late", "--ip", "127.0.14.5", "--schedule", "0 * * * *"});
    ASSERT_TRUE(std::filesystem::exists(cron_file("doctor")))
        << "the first schedule brings the root's doctor run";
    auto backed_up = run_like_cron(cron_file("noeud-gitlab-1"));
    ASSERT_EQ(backed_up.result.status, 0) << backed_up.result.err;

    // 1. The backup is recent: the first run announces what else doctor finds on this host,
    //    if anything, and a doctor run without --notify announces nothing.
    const auto host_problems = problems_doctor_finds();
    EXPECT_TRUE(receiver.bodies().empty()) << "doctor without --notify posts nothing";
    auto first = run_like_cron(cron_file("doctor"), "doctor");
    EXPECT_EQ(first.time_fields, "17 * * * *");
    EXPECT_EQ(first.result.status, host_problems.empty() ? 0 : 1) << first.result.err;
    EXPECT_EQ(errors_in(receiver.bodies()), host_problems);
    EXPECT_THAT(read_file(root() / "logs/doctor.log"),
                HasSubstr("backup: instance 1 (noeud-gitlab-1-late): last backup"));

    // 2. Three hours without a backup: two hourly runs missed, one notification.
    make_last_backup(3h);
    const auto before_late = receiver.bodies().size();
    auto late = run_like_cron(cron_file("doctor"), "doctor");
    EXPECT_EQ(late.result.status, 1)
        << "notifying changes nothing of doctor's status: " << late.result.err;
    const auto bodies = receiver.bodies();
    ASSERT_EQ(bodies.size(), before_late + 1);
    const auto notice = nlohmann::json::parse(bodies.back());
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    EXPECT_EQ(notice["event"], "girofle.problem_found");
    EXPECT_EQ(notice["operation"], "doctor");
    EXPECT_EQ(notice["instance"], (nlohmann::json{{"number", 1}, {"name", "late"}}));
    EXPECT_EQ(notice["host"], host);
    EXPECT_EQ(notice["error_kind"], "problem");
    EXPECT_THAT(notice["error"].get<std::string>(),
                ::testing::MatchesRegex(
                    "backup: instance 1 \\(noeud-gitlab-1-late\\): last backup \\S+ \\(3 h ago\\), "
                    "missed the run due .* \\(fix: girofle --root '[^']+' backup 1\\)"));
    EXPECT_THAT(notice["error"].get<std::string>(),
                ::testing::HasSubstr("(fix: girofle --root '" + root().string() + "' backup 1)"))
        << "the fix runs on the root the cron job checked";

    // 3. The next hourly runs find it still, a little later, and post nothing.
    for (int run = 0; run < 2; ++run) {
        make_last_backup(4h + std::chrono::hours(run));
        auto again = run_like_cron(cron_file("doctor"), "doctor");
        EXPECT_EQ(again.result.status, 1) << again.result.err;
        EXPECT_EQ(receiver.bodies().size(), before_late + 1) << "run " << run;
    }

    // 4. A scheduled backup ends it; when it is late again, that is announced at once.
    ASSERT_EQ(run_like_cron(cron_file("noeud-gitlab-1")).result.status, 0);
    EXPECT_EQ(run_like_cron(cron_file("doctor"), "doctor").result.status, host_problems.empty() ? 0 : 1);
    EXPECT_EQ(receiver.bodies().size(), before_late + 1);
    make_last_backup(3h);
    run_like_cron(cron_file("doctor"), "doctor");
    ASSERT_EQ(receiver.bodies().size(), before_late + 2);
    EXPECT_THAT(nlohmann::json::parse(receiver.bodies().back())["error"].get<std::string>(),
                HasSubstr("(3 h ago)"));

    // Problems are no failed operations: the log has none.
    auto failures = girofle({"log", "--failed", "--json"});
    ASSERT_EQ(failures.status, 0) << failures.err;
    EXPECT_EQ(failures.json().size(), 0u) << failures.out;

    // The root's last instance gone, its doctor run goes too.
    ASSERT_EQ(girofle({"decommission", "1", "--no-backup"}).status, 0);
    EXPECT_FALSE(std::filesystem::exists(cron_file("doctor")));
}

}  // namespace
}  // namespace girofle::testing
