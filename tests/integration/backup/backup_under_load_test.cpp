// Acceptance: a client pushes commits in a loop while backups run. Every snapshot, restored,
// is consistent (git fsck clean), and holds every push acknowledged before it began.
#include <chrono>
#include <thread>

#include "integration/gitlab_fixture.hpp"
#include "integration/push_load.hpp"

namespace girofle::testing {
namespace {

class BackupUnderLoad : public GitlabTest {};

TEST_F(BackupUnderLoad, EverySnapshotIsConsistentAndHoldsEveryPushAcknowledgedBeforeItBegan) {
    auto record = commission({"--name", "busy", "--ip", "127.0.0.61"});
    ASSERT_FALSE(record.empty());
    const std::string password = initial_root_password(record["directory"].get<std::string>());
    const std::string url = "http://127.0.0.61/load/project.git";
    make_repository(scratch() / "client");
    ASSERT_EQ(git_with_password({"push", "-q", url, "main"}, password, scratch() / "client").status, 0);

    // The load runs before the first backup and through all of them, however fast they are
    // (a count of pushes in all failed once backups got faster).
    PushLoad load([&](int n) {
        return commit_and_push(scratch() / "client", url, password, "main", "load-" + std::to_string(n));
    });
    ASSERT_TRUE(load.wait_for(2)) << "fewer than 2 pushes were acknowledged in 60 s";
    const auto first_began = std::chrono::system_clock::now();
    std::vector<nlohmann::json> manifests;
    for (int i = 0; i < 4; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        manifests.push_back(backup("busy"));
    }
    load.stop();
    ASSERT_GE(load.acknowledged_between(first_began, std::chrono::system_clock::now()), 2)
        << "the load must really run during the backups (" << load.pushes().size() << " pushes in all)";

    for (const auto& manifest : manifests) {
        ASSERT_FALSE(manifest.empty());
        const std::string id = manifest["id"];
        const auto began = manifest_time(manifest["started_at"]);
        auto restored = girofle({"restore", "busy", "--backup", id});
        ASSERT_EQ(restored.status, 0) << restored.err;
        auto mirror = scratch() / ("restored-" + id);
        ASSERT_EQ(git_with_password({"clone", "-q", "--mirror", url, mirror.string()}, password).status, 0);
        auto fsck = run_command({"git", "fsck", "--strict"}, {}, mirror);
        EXPECT_EQ(fsck.status, 0) << id << ": " << fsck.out << fsck.err;
        int checked = 0;
        for (const auto& push : load.pushes()) {
            if (push.at >= began) continue;
            ++checked;
            auto present = run_command({"git", "merge-base", "--is-ancestor", push.commit, "refs/heads/main"}, {}, mirror);
            EXPECT_EQ(present.status, 0) << "backup " << id << " lacks commit " << push.commit
                                         << " acknowledged before it began";
        }
        RecordProperty("pushes_checked_" + id, checked);
    }
}

}  // namespace
}  // namespace girofle::testing
