// The schedule file commission writes, run the way cron runs it, backs the instance up.
#include <regex>

#include "core/root_layout.hpp"
#include "integration/cron_run.hpp"
#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class ScheduledBackupTest : public GitlabTest {
protected:
    std::filesystem::path schedule_file(int number) const {
        return test_cron_directory(root()) / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-" +
                                              std::to_string(number));
    }
};

TEST_F(ScheduledBackupTest, TheScheduleFileRunAsCronRunsItTakesAVerifiedSnapshot) {
    auto record = commission({"--name", "cron", "--ip", "127.0.0.71"});
    ASSERT_EQ(record["schedule"]["cron"], "0 */4 * * *");
    ASSERT_EQ(record["schedule_file"], schedule_file(1).string());
    write_file(root() / "noeud-gitlab-1/mapping-volumes/data/written-before-cron", "kept by the scheduled backup");

    auto cron = run_like_cron(schedule_file(1));
    EXPECT_EQ(cron.time_fields, "0 */4 * * *");
    EXPECT_EQ(cron.user, "root");
    ASSERT_EQ(cron.result.status, 0) << cron.result.err;
    EXPECT_EQ(cron.result.out, "") << "the output goes to the log, not to cron's mail";

    auto ids = backup_ids("1");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(read_file(root() / "noeud-gitlab-1/bckups" / ids[0] / "data/written-before-cron"),
              "kept by the scheduled backup");
    auto verified = girofle({"verify", "1", "--backup", ids[0]});
    EXPECT_EQ(verified.status, 0) << verified.err;
    const std::string log = read_file(root() / "logs/cron.log");
    EXPECT_NE(log.find("backup " + ids[0]), std::string::npos) << log;
    EXPECT_EQ(log.find(initial_root_password(root() / "noeud-gitlab-1")), std::string::npos);
    auto running = run_command({"docker", "inspect", "-f", "{{.State.Running}} {{.State.Paused}}", "noeud-gitlab-1-cron"});
    EXPECT_EQ(running.out, "true false\n");

    // The weekly drill commission scheduled after the backups proves that snapshot restorable.
    auto drill = run_like_cron(schedule_file(1), "drill");
    EXPECT_EQ(drill.time_fields, "30 1 * * 0");
    ASSERT_EQ(drill.result.status, 0) << drill.result.err << read_file(root() / "logs/cron.log");
    auto listed = girofle({"--json", "backups", "1"});
    EXPECT_EQ(listed.json()["backups"][0]["drill"]["passed"], true) << listed.out;
    auto changed = girofle({"schedule", "set", "1", "0 */6 * * *", "--drill", "none"});
    ASSERT_EQ(changed.status, 0) << changed.err;
    EXPECT_EQ(read_file(schedule_file(1)).find(" drill "), std::string::npos) << read_file(schedule_file(1));
    EXPECT_EQ(girofle({"schedule", "set", "1", "0 */6 * * *", "--drill", "0 0 31 2 *x"}).status, 2);

    ASSERT_EQ(girofle({"decommission", "1", "--no-backup"}).status, 0);
    EXPECT_FALSE(std::filesystem::exists(schedule_file(1))) << "cron must not back up a decommissioned instance";
}

TEST_F(ScheduledBackupTest, AnInvalidCronExpressionIsRefusedAndChangesNothing) {
    auto record = commission({"--ip", "127.0.0.72", "--schedule", "@daily"});
    ASSERT_EQ(record["schedule"]["cron"], "@daily");
    const std::string before = observable_state();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"commission", "--image", kStandinImage, "--ip", "127.0.0.73", "--schedule", "0 */4 * *"},
             {"schedule", "set", "1", "0 */4 * *"},
             {"schedule", "set", "1", "*/0 * * * *"}}) {
        auto refused = girofle(args);
        EXPECT_EQ(refused.status, 2) << describe(args);
        EXPECT_TRUE(std::regex_search(refused.err, std::regex("^girofle: error: schedule '.*': (needs 5 fields|bad minute)")))
            << refused.err;
        EXPECT_EQ(observable_state(), before) << describe(args);
    }
    auto changed = girofle({"schedule", "set", "1", "30 2 * * sun", "--remote"});
    ASSERT_EQ(changed.status, 0) << changed.err;
    EXPECT_NE(read_file(schedule_file(1)).find("30 2 * * sun root "), std::string::npos);
    EXPECT_NE(read_file(schedule_file(1)).find("backup 1 --remote >>"), std::string::npos);
    auto shown = girofle({"--json", "schedule", "show"});
    ASSERT_EQ(shown.status, 0) << shown.err;
    const nlohmann::json schedules = shown.json();
    EXPECT_EQ(schedules["schedules"][0]["file_state"], "installed");
    ASSERT_EQ(girofle({"schedule", "remove", "1"}).status, 0);
    EXPECT_FALSE(std::filesystem::exists(schedule_file(1)));
}

}  // namespace
}  // namespace girofle::testing
