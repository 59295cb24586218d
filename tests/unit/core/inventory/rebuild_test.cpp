// inventory rebuild's rules against the fake engine and a real LMDB inventory behind the
// mirror that copies each record into its instance directory.
#include "core/inventory/rebuild.hpp"

#include "core/inventory/record_mirror.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/decommission.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

class RebuildTest : public testing::LifecycleFixture {
protected:
    RebuildTest() { reopen(); }
    // A fresh process's view of the inventory: the LMDB inventory behind the mirror.
    void reopen() {
        mirrored = std::make_unique<MirroredInventory>(std::make_unique<LmdbInventory>(root() / "inventory"),
                                                       RootLayout(root()), reporter);
    }
    Services mirrored_services() {
        return Services{docker, *mirrored, network, processes, clock, reporter, RootLayout(root()), config, cron};
    }
    std::vector<InstanceRecord> records() {
        auto listed = mirrored->list();
        EXPECT_TRUE(listed) << listed.error().message();
        return listed ? *listed : std::vector<InstanceRecord>{};
    }
    void lose_inventory() {
        mirrored.reset();
        std::filesystem::remove_all(root() / "inventory");
        reopen();
    }

    std::unique_ptr<MirroredInventory> mirrored;
};

TEST_F(RebuildTest, ALostInventoryComesBackRecordForRecordAndTheCounterGoesOn) {
    auto services = mirrored_services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    ASSERT_TRUE(commission(services, {.name = "docs"}));
    ASSERT_TRUE(decommission(services, {.instance = "docs", .no_backup = true}));
    const auto before = records();
    ASSERT_EQ(before.size(), 2u);
    EXPECT_TRUE(std::filesystem::exists(root() / "noeud-gitlab-2" / kInstanceRecordFile));

    lose_inventory();
    auto fresh = mirrored_services();
    auto rebuilt = rebuild_inventory(fresh, {});
    ASSERT_TRUE(rebuilt) << rebuilt.error().message();
    EXPECT_TRUE(rebuilt->inconsistencies.empty()) << rebuilt->inconsistencies.front();
    EXPECT_EQ(rebuilt->next_number, 3u);
    const auto after = records();
    ASSERT_EQ(after.size(), 2u);
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(to_json(after[i]), to_json(before[i]));

    auto next = commission(fresh, {.name = "docs"});
    ASSERT_TRUE(next) << next.error().message();
    EXPECT_EQ(next->number, 3u);
}

TEST_F(RebuildTest, RefusesANonEmptyInventoryUnlessToldAndThenSetsItAside) {
    auto services = mirrored_services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    auto refused = rebuild_inventory(services, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_NE(refused.error().cause.find("--force"), std::string::npos) << refused.error().cause;

    auto forced = rebuild_inventory(services, {.replace = true});
    ASSERT_TRUE(forced) << forced.error().message();
    EXPECT_TRUE(std::filesystem::exists(forced->set_aside / "data.mdb")) << forced->set_aside;
    ASSERT_EQ(records().size(), 1u);
    EXPECT_EQ(records()[0].name, "wiki");
}

TEST_F(RebuildTest, TheRunningContainerWinsOverItsDirectorysCopyAndTheDisagreementIsSaid) {
    auto services = mirrored_services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    auto copy = *read_instance_record(RootLayout(root()), 1);
    ASSERT_TRUE(copy);
    copy->name = "other";
    copy->state = InstanceState::decommissioned;
    ASSERT_TRUE(write_instance_record(RootLayout(root()), *copy));
    // A directory holding nothing but its volumes: a number that must never be handed out.
    std::filesystem::create_directories(root() / "noeud-gitlab-9" / "mapping-volumes");

    lose_inventory();
    auto fresh = mirrored_services();
    auto rebuilt = rebuild_inventory(fresh, {});
    ASSERT_TRUE(rebuilt) << rebuilt.error().message();
    ASSERT_EQ(rebuilt->inconsistencies.size(), 3u);
    EXPECT_NE(rebuilt->inconsistencies[0].find("says name 'wiki'"), std::string::npos) << rebuilt->inconsistencies[0];
    EXPECT_NE(rebuilt->inconsistencies[1].find("says decommissioned, but its container"), std::string::npos)
        << rebuilt->inconsistencies[1];
    EXPECT_NE(rebuilt->inconsistencies[2].find("instance 9: only its directory"), std::string::npos)
        << rebuilt->inconsistencies[2];
    const auto after = records();
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(after[0].name, "wiki");
    EXPECT_EQ(after[0].state, InstanceState::active);
    EXPECT_EQ(after[1].state, InstanceState::decommissioned);
    EXPECT_EQ(rebuilt->next_number, 10u);
}

TEST_F(RebuildTest, ADamagedDirectoryCopyIsReportedAndKeptAsItIs) {
    auto services = mirrored_services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    const auto copy = root() / "noeud-gitlab-1" / kInstanceRecordFile;
    testing::write_file(copy, "{ half a record");

    lose_inventory();
    auto fresh = mirrored_services();
    auto rebuilt = rebuild_inventory(fresh, {});
    ASSERT_TRUE(rebuilt) << rebuilt.error().message();
    ASSERT_EQ(rebuilt->inconsistencies.size(), 1u);
    EXPECT_NE(rebuilt->inconsistencies[0].find("the file left as it is"), std::string::npos)
        << rebuilt->inconsistencies[0];
    ASSERT_EQ(records().size(), 1u);
    EXPECT_EQ(records()[0].name, "wiki");  // from its container's labels
    EXPECT_EQ(records()[0].state, InstanceState::active);
    EXPECT_EQ(testing::read_file(copy), "{ half a record");
}

TEST_F(RebuildTest, DockerNotAnsweringChangesNothing) {
    lose_inventory();
    docker.failures["list"] = Error{ErrorKind::unavailable, "docker", "not answering"};
    auto services = mirrored_services();
    auto rebuilt = rebuild_inventory(services, {});
    ASSERT_FALSE(rebuilt);
    EXPECT_EQ(rebuilt.error().object, "docker");
    EXPECT_FALSE(std::filesystem::exists(root() / "inventory"));
}

}  // namespace
}  // namespace girofle
