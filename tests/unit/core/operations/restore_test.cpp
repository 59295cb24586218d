// restore against the fake engine: the data of the snapshot comes back, and the operations
// log says where the time went, Girofle's copy apart from the container's start.
#include "core/operations/restore.hpp"

#include <fstream>

#include "core/operations/backup.hpp"
#include "core/operations/commission.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

class RestoreTest : public testing::LifecycleFixture {};

TEST_F(RestoreTest, PutsTheSnapshotBackAndLogsItsPhases) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    const auto volumes = root() / "noeud-gitlab-1/mapping-volumes";
    std::filesystem::create_directories(volumes / "data/git-data");
    std::ofstream(volumes / "data/git-data/before") << "in the backup";
    ASSERT_TRUE(backup(services, "wiki", BackupStrategy::freeze));
    std::ofstream(volumes / "data/git-data/before") << "changed after the backup";
    std::ofstream(volumes / "data/git-data/after") << "written after the backup";

    auto restored = restore(services, {.instance = "wiki"});
    ASSERT_TRUE(restored) << restored.error().message();
    EXPECT_EQ(testing::read_file(volumes / "data/git-data/before"), "in the backup");
    EXPECT_FALSE(std::filesystem::exists(volumes / "data/git-data/after"));
    EXPECT_EQ(testing::read_file(restored->set_aside / "data/git-data/after"), "written after the backup");

    ASSERT_FALSE(reporter.events.empty());
    const auto& logged = reporter.events.back();
    EXPECT_EQ(logged.at("operation"), "restore");
    for (const char* phase : {"verify_copy_ms", "stop_ms", "container_start_ms", "readiness_ms"})
        EXPECT_TRUE(logged.at("phases").contains(phase)) << phase << " missing from " << logged.dump();
    EXPECT_GE(logged.at("files").get<int>(), 1);
}

}  // namespace
}  // namespace girofle
