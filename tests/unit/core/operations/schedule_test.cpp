#include "core/operations/schedule.hpp"

#include "core/operations/commission.hpp"
#include "core/operations/decommission.hpp"
#include "support/temp_dir.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

class ScheduleTest : public testing::LifecycleFixture {
protected:
    std::filesystem::path file_of(std::uint64_t number) const {
        return cron.directory / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-" + std::to_string(number));
    }
    std::vector<std::string> cron_files() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(cron.directory))
            names.push_back(entry.path().filename().string());
        return names;
    }
};

TEST_F(ScheduleTest, CommissionInstallsTheDefaultScheduleAndDecommissionRemovesIt) {
    auto services = this->services();
    auto record = commission(services, {.name = "wiki"});
    ASSERT_TRUE(record) << record.error().message();
    EXPECT_EQ(record->schedule.cron, "0 */4 * * *");
    ASSERT_TRUE(std::filesystem::exists(file_of(1)));
    EXPECT_NE(testing::read_file(file_of(1)).find("0 */4 * * * root '/usr/local/bin/girofle'"), std::string::npos);
    ASSERT_TRUE(decommission(services, {.instance = "wiki", .no_backup = true}));
    EXPECT_TRUE(cron_files().empty());
}

TEST_F(ScheduleTest, CommissionTakesTheRootsScheduleOrItsOwnOrNone) {
    config.backup_schedule = "@daily";
    auto services = this->services();
    ASSERT_TRUE(commission(services, {}));
    EXPECT_NE(testing::read_file(file_of(1)).find("@daily root "), std::string::npos);
    auto unscheduled = commission(services, {.schedule = "none"});
    ASSERT_TRUE(unscheduled);
    EXPECT_EQ(unscheduled->schedule.cron, "none");
    EXPECT_FALSE(std::filesystem::exists(file_of(2)));
}

TEST_F(ScheduleTest, ABadScheduleOrAMissingCronDirectoryChangesNothing) {
    auto services = this->services();
    auto bad = commission(services, {.schedule = "0 25 * * *"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().exit_status(), 2);
    EXPECT_NE(bad.error().message().find("bad hour field '25'"), std::string::npos);
    services.cron.directory = root_dir.path() / "no-cron";
    auto no_cron = commission(services, {});
    ASSERT_FALSE(no_cron);
    EXPECT_EQ(no_cron.error().exit_status(), 2);
    EXPECT_NE(no_cron.error().message().find("--schedule none"), std::string::npos);
    EXPECT_TRUE(inventory.list()->empty());
    EXPECT_TRUE(docker.containers.empty());
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1"));
    EXPECT_TRUE(cron_files().empty());
}

TEST_F(ScheduleTest, AFailedCommissionTakesItsScheduleBack) {
    docker.health_script = {HealthStatus::starting, HealthStatus::unhealthy};
    auto services = this->services();
    ASSERT_FALSE(commission(services, {}));
    EXPECT_TRUE(cron_files().empty());
}

TEST_F(ScheduleTest, SetChangesFileAndRecordRemoveDeletesTheFile) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    auto view = set_schedule(services, "wiki", {.cron = "15 2 * * *", .remote = true});
    ASSERT_TRUE(view) << view.error().message();
    EXPECT_EQ(view->file_state, ScheduleFileState::current);
    EXPECT_TRUE(view->next_run);
    // The drill schedule commission set stays when `set` does not name one.
    EXPECT_EQ(inventory.list()->front().schedule, (BackupSchedule{"15 2 * * *", true, "30 1 * * 0"}));
    EXPECT_NE(testing::read_file(file_of(1)).find("30 1 * * 0 root '/usr/local/bin/girofle' --root"), std::string::npos);
    EXPECT_NE(testing::read_file(file_of(1)).find("backup 1 --remote >>"), std::string::npos);

    auto removed = set_schedule(services, "1", {.cron = "none"});
    ASSERT_TRUE(removed);
    EXPECT_FALSE(removed->next_run);
    // The root's doctor run stays: it keeps watching the active instance, unscheduled now.
    EXPECT_EQ(cron_files(), std::vector<std::string>{"girofle-" + RootLayout(root()).host_tag() + "-doctor"});
    EXPECT_EQ(inventory.list()->front().schedule.cron, "none");
}

TEST_F(ScheduleTest, DrillsFromTheRemoteAreScheduledWithTheirDrillScheduleAndKeptUntilItChanges) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    auto alone = parse_backup_schedule("15 2 * * *", true, "", true);
    ASSERT_FALSE(alone);
    EXPECT_EQ(alone.error().exit_status(), 2);
    EXPECT_NE(alone.error().message().find("--drill-from-remote"), std::string::npos);

    auto wanted = parse_backup_schedule("15 2 * * *", true, "45 3 * * 6", true);
    ASSERT_TRUE(wanted);
    ASSERT_TRUE(set_schedule(services, "wiki", *wanted));
    EXPECT_NE(testing::read_file(file_of(1)).find("drill 1 --from-remote >>"), std::string::npos);
    // Kept by a `set` that names no drill schedule, and by the inventory's record.
    ASSERT_TRUE(set_schedule(services, "wiki", {.cron = "0 */4 * * *"}));
    EXPECT_TRUE(inventory.list()->front().schedule.drill_remote);
    EXPECT_NE(testing::read_file(file_of(1)).find("45 3 * * 6 root '/usr/local/bin/girofle' --root"), std::string::npos);
    EXPECT_NE(testing::read_file(file_of(1)).find("drill 1 --from-remote >>"), std::string::npos);
    auto stored = record_from_json(to_json(inventory.list()->front()));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->schedule, inventory.list()->front().schedule);
    // A drill schedule given without the flag drills the local snapshots again.
    ASSERT_TRUE(set_schedule(services, "wiki", *parse_backup_schedule("0 */4 * * *", false, "45 3 * * 6")));
    EXPECT_FALSE(inventory.list()->front().schedule.drill_remote);
    EXPECT_EQ(testing::read_file(file_of(1)).find("--from-remote"), std::string::npos);
}

TEST_F(ScheduleTest, ShowFindsAMissingOrEditedFile) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {}));
    testing::write_file(file_of(1), "* * * * * root rm -rf /\n");
    auto views = show_schedules(services, std::nullopt);
    ASSERT_TRUE(views);
    ASSERT_EQ(views->size(), 1u);
    EXPECT_EQ(views->front().file_state, ScheduleFileState::stale);
    std::filesystem::remove(file_of(1));
    EXPECT_EQ(show_schedules(services, "1")->front().file_state, ScheduleFileState::absent);
    ASSERT_TRUE(set_schedule(services, "1", {.cron = "0 */4 * * *"}));
    EXPECT_EQ(show_schedules(services, "1")->front().file_state, ScheduleFileState::current);
}

TEST_F(ScheduleTest, SetRefusesUnknownDecommissionedAndBusyInstances) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    const std::string before = testing::read_file(file_of(1));
    auto unknown = set_schedule(services, "nope", {.cron = "@daily"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().exit_status(), 2);
    {
        auto held = inventory.lock(1, "backup");
        ASSERT_TRUE(held);
        auto busy = set_schedule(services, "wiki", {.cron = "@daily"});
        ASSERT_FALSE(busy);
        EXPECT_EQ(busy.error().kind, ErrorKind::busy);
    }
    EXPECT_EQ(testing::read_file(file_of(1)), before);
    ASSERT_TRUE(decommission(services, {.instance = "wiki", .no_backup = true}));
    auto gone = set_schedule(services, "wiki", {.cron = "@daily"});
    ASSERT_FALSE(gone);
    EXPECT_NE(gone.error().message().find("is decommissioned"), std::string::npos);
    EXPECT_TRUE(cron_files().empty());
}

}  // namespace
}  // namespace girofle
