#include "core/schedule/schedule_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

class ScheduleFileTest : public ::testing::Test {
protected:
    ScheduleFileTest() : layout(dir.path() / "root") {
        settings.directory = dir.path() / "cron.d";
        settings.command = "/usr/local/bin/girofle";
        std::filesystem::create_directories(settings.directory);
        record.number = 3;
        record.container = "noeud-gitlab-3-wiki";
        record.schedule = {.cron = "0 */4 * * *"};
    }

    testing::TempDir dir;
    RootLayout layout;
    CronSettings settings;
    InstanceRecord record;
};

TEST_F(ScheduleFileTest, OneFilePerInstanceRunningTheBackupIntoTheLog) {
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    const auto path = settings.directory / ("girofle-" + layout.host_tag() + "-noeud-gitlab-3");
    EXPECT_FALSE(layout.is_default());
    EXPECT_EQ(schedule_file_path(settings, layout, record), path);
    ASSERT_TRUE(std::filesystem::exists(path));
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0644u);
    const std::string root = layout.root().string();
    const std::string expected_line = "0 */4 * * * root '/usr/local/bin/girofle' --root '" + root +
                                      "' backup 3 >>'" + root + "/logs/cron.log' 2>&1\n";
    EXPECT_NE(render_schedule_file(settings, layout, record).find(expected_line), std::string::npos)
        << render_schedule_file(settings, layout, record);
    EXPECT_TRUE(std::filesystem::is_directory(layout.logs())) << "the redirection needs the logs directory";
    EXPECT_EQ(schedule_file_state(settings, layout, record), ScheduleFileState::current);
}

TEST_F(ScheduleFileTest, TheFirstScheduleBringsTheRootsHourlyDoctorRunWithNotices) {
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    const auto path = settings.directory / ("girofle-" + layout.host_tag() + "-doctor");
    EXPECT_EQ(doctor_schedule_file_path(settings, layout), path);
    const std::string root = layout.root().string();
    const std::string text = testing::read_file(path);
    EXPECT_NE(text.find("\nGIROFLE_CRON_DIR=" + settings.directory.string() + "\n"), std::string::npos)
        << "doctor checks the schedule files where they are: " << text;
    EXPECT_NE(text.find("\n17 * * * * root '/usr/local/bin/girofle' --root '" + root + "' doctor --notify >'" + root +
                        "/logs/doctor.log' 2>&1\n"),
              std::string::npos)
        << text;
    EXPECT_TRUE(schedule_file_belongs_to(text, layout));

    record.number = 4;
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    EXPECT_EQ(testing::read_file(path), text) << "one doctor run per root, however many instances";

    ASSERT_TRUE(remove_doctor_schedule_file(settings, layout));
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(ScheduleFileTest, AnotherRootsDoctorFileIsNeverTouched) {
    RootLayout other(dir.path() / "other");
    const auto path = doctor_schedule_file_path(settings, layout);
    {
        std::ofstream theirs(path);
        theirs << render_doctor_schedule_file(settings, other);
    }
    const std::string before = testing::read_file(path);
    ASSERT_TRUE(apply_doctor_schedule_file(settings, layout));
    ASSERT_TRUE(remove_doctor_schedule_file(settings, layout));
    EXPECT_EQ(testing::read_file(path), before);
}

TEST_F(ScheduleFileTest, WithAMailtoCronMailsWhatTheBackupSaysOnStderr) {
    settings.mailto = "ops@example.com";
    const std::string root = layout.root().string();
    const std::string text = render_schedule_file(settings, layout, record);
    EXPECT_NE(text.find("\nMAILTO=ops@example.com\n0 */4 * * * root "), std::string::npos) << text;
    EXPECT_NE(text.find("backup 3 >>'" + root + "/logs/cron.log'\n"), std::string::npos) << "stderr stays with cron";
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    settings.mailto.clear();
    EXPECT_EQ(schedule_file_state(settings, layout, record), ScheduleFileState::stale);
    settings.mailto = "ops@example.com\n* * * * * root rm";
    auto refused = apply_schedule_file(settings, layout, record);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().exit_status(), 2);
}

TEST_F(ScheduleFileTest, QuotesPathsForTheShellAndPercentSignsForCron) {
    RootLayout odd(dir.path() / "it's 100%");
    record.schedule.remote = true;
    const std::string text = render_schedule_file(settings, odd, record);
    EXPECT_NE(text.find("--root '" + dir.path().string() + "/it'\\''s 100\\%'"), std::string::npos) << text;
    EXPECT_NE(text.find("backup 3 --remote >>"), std::string::npos) << text;
}

TEST_F(ScheduleFileTest, RefusesAPathThatCannotBeOneCronLine) {
    RootLayout broken(dir.path() / "two\nlines");
    auto applied = apply_schedule_file(settings, broken, record);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message().find("line break"), std::string::npos);
    EXPECT_TRUE(std::filesystem::is_empty(settings.directory));
}

TEST_F(ScheduleFileTest, ADisabledScheduleRemovesTheFileAndAChangedOneIsStale) {
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    InstanceRecord changed = record;
    changed.schedule.cron = "@daily";
    EXPECT_EQ(schedule_file_state(settings, layout, changed), ScheduleFileState::stale);
    changed.schedule.cron = "none";
    EXPECT_EQ(schedule_file_state(settings, layout, changed), ScheduleFileState::stale);
    ASSERT_TRUE(apply_schedule_file(settings, layout, changed));
    EXPECT_FALSE(std::filesystem::exists(schedule_file_path(settings, layout, record)));
    EXPECT_EQ(schedule_file_state(settings, layout, changed), ScheduleFileState::current);
    EXPECT_EQ(schedule_file_state(settings, layout, record), ScheduleFileState::absent);
}

TEST_F(ScheduleFileTest, AMissingCronDirectoryIsNamed) {
    settings.directory = dir.path() / "no-cron-here";
    auto applied = apply_schedule_file(settings, layout, record);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message().find("cron directory " + settings.directory.string()), std::string::npos);
}

TEST_F(ScheduleFileTest, TheDefaultRootKeepsItsUntaggedNameAndOtherRootsGetTheirOwn) {
    EXPECT_EQ(schedule_file_path(settings, RootLayout("/girofle"), record), settings.directory / "girofle-noeud-gitlab-3");
    RootLayout other(dir.path() / "other");
    EXPECT_NE(schedule_file_path(settings, layout, record), schedule_file_path(settings, other, record));
    EXPECT_EQ(layout.host_tag().size(), 9u);
    EXPECT_EQ(layout.host_tag(), RootLayout(layout.root()).host_tag()) << "stable for one root";
}

TEST_F(ScheduleFileTest, TwoRootsWithAnInstanceOfTheSameNumberNeverTouchEachOthersFile) {
    RootLayout other(dir.path() / "other");
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    ASSERT_TRUE(apply_schedule_file(settings, other, record));
    const auto mine = testing::read_file(schedule_file_path(settings, layout, record));
    InstanceRecord unscheduled = record;
    unscheduled.schedule.cron = "none";
    ASSERT_TRUE(apply_schedule_file(settings, other, unscheduled));
    ASSERT_TRUE(remove_schedule_file(settings, other, record));
    EXPECT_EQ(testing::read_file(schedule_file_path(settings, layout, record)), mine);
    EXPECT_FALSE(std::filesystem::exists(schedule_file_path(settings, other, record)));
}

TEST_F(ScheduleFileTest, AFileAnotherRootWroteUnderTheOldSharedNameIsNeitherOverwrittenNorRemoved) {
    // Written by an older Girofle for the default root, under the name every root once used.
    RootLayout default_root("/girofle");
    const auto shared = settings.directory / "girofle-noeud-gitlab-3";
    testing::write_file(shared, render_schedule_file(settings, default_root, record));
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    ASSERT_TRUE(remove_schedule_file(settings, layout, record));
    EXPECT_EQ(testing::read_file(shared), render_schedule_file(settings, default_root, record));

    // A file under this root's own name that names another root is refused, not replaced.
    const auto mine = schedule_file_path(settings, layout, record);
    testing::write_file(mine, render_schedule_file(settings, default_root, record));
    auto applied = apply_schedule_file(settings, layout, record);
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().kind, ErrorKind::conflict);
    EXPECT_EQ(testing::read_file(mine), render_schedule_file(settings, default_root, record));
}

TEST_F(ScheduleFileTest, ThisRootsFileUnderTheOldSharedNameMovesToItsOwnName) {
    const auto shared = settings.directory / "girofle-noeud-gitlab-3";
    testing::write_file(shared, render_schedule_file(settings, layout, record));
    ASSERT_TRUE(apply_schedule_file(settings, layout, record));
    EXPECT_FALSE(std::filesystem::exists(shared)) << "cron would run the backup twice";
    EXPECT_TRUE(std::filesystem::exists(schedule_file_path(settings, layout, record)));
}

}  // namespace
}  // namespace girofle
