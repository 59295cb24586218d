#include "core/backup/snapshot_method.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "unit/fakes/fake_filesystem_snapshots.hpp"

namespace girofle {
namespace {

TEST(SnapshotMethod, ASubvolumeGetsAnAtomicSnapshotBeforeAnything) {
    testing::TempDir dir;
    testing::FakeFilesystemSnapshots filesystem;
    filesystem.subvolumes.insert(dir.path());
    filesystem.reflinks = true;
    auto choice = choose_snapshot_method(filesystem, dir.path());
    EXPECT_EQ(choice.method, SnapshotMethod::btrfs_snapshot);
    EXPECT_STREQ(to_string(choice.method), "btrfs-snapshot");
    EXPECT_NE(choice.reason.find("subvolume"), std::string::npos) << choice.reason;
}

TEST(SnapshotMethod, ReflinksComeNextAndRsyncLast) {
    testing::TempDir dir;
    testing::FakeFilesystemSnapshots filesystem;
    filesystem.reflinks = true;
    EXPECT_EQ(choose_snapshot_method(filesystem, dir.path()).method, SnapshotMethod::reflink);
    filesystem.reflinks = false;
    auto choice = choose_snapshot_method(filesystem, dir.path());
    EXPECT_EQ(choice.method, SnapshotMethod::rsync);
    EXPECT_NE(choice.reason.find(filesystem_name(dir.path())), std::string::npos) << choice.reason;
}

TEST(SnapshotMethod, WithoutFilesystemSnapshotsEveryInstanceGetsRsync) {
    testing::TempDir dir;
    EXPECT_EQ(choose_snapshot_method(no_filesystem_snapshots(), dir.path()).method, SnapshotMethod::rsync);
    EXPECT_FALSE(no_filesystem_snapshots().create_subvolume(dir / "volumes"));
}

}  // namespace
}  // namespace girofle
