#include "core/drill/remote_drill_history.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

RemoteDrill drill_of(const std::string& remote, const std::string& backup, bool passed, const std::string& at) {
    return {remote, "0123abcd", {backup, at, 42000, {{"fetched", passed, passed ? "ok" : "restic failed"}}}};
}

TEST(RemoteDrillHistory, KeepsTheLastDrillOfEachBackupPerRemoteOldestFirstInAPrivateFile) {
    testing::TempDir root("girofle-remote-drills");
    const auto backups = root.path() / "noeud-gitlab-1" / "bckups";  // not there yet: made on first use
    EXPECT_TRUE(read_remote_drills(backups).empty());
    ASSERT_TRUE(record_remote_drill(backups, drill_of("/srv/restic", "20261130T010000Z", false, "2026-11-30T01:30:00Z")));
    ASSERT_TRUE(record_remote_drill(backups, drill_of("sftp:b:/r", "20261130T010000Z", true, "2026-11-30T02:30:00Z")));
    ASSERT_TRUE(record_remote_drill(backups, drill_of("/srv/restic", "20261130T010000Z", true, "2026-11-30T03:30:00Z")));

    auto drills = read_remote_drills(backups);
    ASSERT_EQ(drills.size(), 2u);
    EXPECT_EQ(drills[0].remote, "sftp:b:/r");
    EXPECT_EQ(drills[1].remote, "/srv/restic");
    EXPECT_TRUE(drills[1].report.passed()) << "the newer drill of that backup replaced the failed one";
    EXPECT_EQ(drills[1].report.started_at, "2026-11-30T03:30:00Z");
    EXPECT_EQ(drills[1].restic_id, "0123abcd");
    EXPECT_EQ(to_json(drills[1])["duration_ms"], 42000);
    struct stat status{};
    ASSERT_EQ(::stat((backups / kRemoteDrillsFile).c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 07777, 0600u);
}

TEST(RemoteDrillHistory, KeepsOnlyTheNewestDrills) {
    testing::TempDir root("girofle-remote-drills");
    for (std::size_t i = 0; i < kRemoteDrillsKept + 3; ++i)
        ASSERT_TRUE(record_remote_drill(root.path(), drill_of("/r", "backup-" + std::to_string(i), true, "t")));
    auto drills = read_remote_drills(root.path());
    ASSERT_EQ(drills.size(), kRemoteDrillsKept);
    EXPECT_EQ(drills.front().report.backup_id, "backup-3");
    EXPECT_EQ(drills.back().report.backup_id, "backup-" + std::to_string(kRemoteDrillsKept + 2));
}

TEST(RemoteDrillHistory, AnUnreadableFileIsNoDrillOnRecord) {
    testing::TempDir root("girofle-remote-drills");
    ASSERT_TRUE(record_remote_drill(root.path(), drill_of("/r", "b", true, "t")));
    testing::write_file(root.path() / kRemoteDrillsFile, "{not json");
    EXPECT_TRUE(read_remote_drills(root.path()).empty());
}

}  // namespace
}  // namespace girofle
