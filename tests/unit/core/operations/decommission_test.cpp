#include "core/operations/decommission.hpp"

#include "core/inventory/held_locks.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/list.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

class DecommissionTest : public testing::LifecycleFixture {
protected:
    void SetUp() override {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
    }
};

TEST_F(DecommissionTest, StopsRemovesTheContainerKeepsTheDataAndFreesTheAddress) {
    std::filesystem::path data = root() / "noeud-gitlab-1/mapping-volumes/data/keep-me";
    testing::write_file(data, "precious");
    auto services = this->services();
    auto record = decommission(services, {.instance = "wiki", .no_backup = true});
    ASSERT_TRUE(record) << record.error().message();
    EXPECT_EQ(record->state, InstanceState::decommissioned);
    EXPECT_FALSE(record->decommissioned_at.empty());
    EXPECT_TRUE(docker.containers.empty());
    EXPECT_EQ(testing::read_file(data), "precious");
    auto next = commission(services, {.ip = "127.0.0.2"});
    ASSERT_TRUE(next) << next.error().message();
    EXPECT_EQ(next->number, 2u);
}

TEST_F(DecommissionTest, RefusesUnknownDecommissionedAndBusyInstances) {
    auto services = this->services();
    auto unknown = decommission(services, {.instance = "nope", .no_backup = true});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().exit_status(), 2);

    {
        auto held = inventory.lock(1, "backup");
        ASSERT_TRUE(held);
        auto busy = decommission(services, {.instance = "1", .no_backup = true});
        ASSERT_FALSE(busy);
        EXPECT_EQ(busy.error().kind, ErrorKind::busy);
        EXPECT_EQ(docker.containers.size(), 1u);
    }
    ASSERT_TRUE(decommission(services, {.instance = "1", .no_backup = true}));
    auto again = decommission(services, {.instance = "1", .no_backup = true});
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message().find("already decommissioned"), std::string::npos);
}

TEST_F(DecommissionTest, RefusesAGitlabItsOperatorPausedAndChangesNothing) {
    ASSERT_TRUE(docker.pause_container("noeud-gitlab-1-wiki"));
    auto services = this->services();
    auto refused = decommission(services, {.instance = "wiki"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_EQ(refused.error().message(),
              "instance 1 (noeud-gitlab-1-wiki): GitLab is paused (docker pause), not by Girofle, "
              "and Girofle leaves it "
              "so: run `docker unpause noeud-gitlab-1-wiki`, then try again");
    EXPECT_TRUE(docker.inspect_container("noeud-gitlab-1-wiki")->paused);
    EXPECT_EQ(inventory.list()->front().state, InstanceState::active);
}

TEST_F(DecommissionTest, AContainerRemovedByHandDoesNotBlockTheEnd) {
    docker.containers.clear();
    auto services = this->services();
    ASSERT_TRUE(decommission(services, {.instance = "1", .no_backup = true}));
    EXPECT_EQ(reporter.messages.back().rfind("info: ", 0), 0u);
    EXPECT_NE(std::find_if(reporter.messages.begin(), reporter.messages.end(),
                           [](const auto& m) { return m.find("already gone") != std::string::npos; }),
              reporter.messages.end());
}

TEST_F(DecommissionTest, ListShowsLiveStateAndKeepsWorkingWithoutDocker) {
    auto services = this->services();
    auto listing = list_instances(services, false);
    ASSERT_TRUE(listing);
    ASSERT_EQ(listing->instances.size(), 1u);
    EXPECT_EQ(listing->instances[0].live_state, "running (healthy)");
    docker.failures["list"] = Error{ErrorKind::unavailable, "docker", "down"};
    listing = list_instances(services, false);
    ASSERT_TRUE(listing);
    EXPECT_TRUE(listing->docker_error);
    EXPECT_EQ(listing->instances[0].live_state, "unknown");
    docker.failures.clear();
    ASSERT_TRUE(decommission(services, {.instance = "1", .no_backup = true}));
    EXPECT_TRUE(list_instances(services, false)->instances.empty());
    EXPECT_EQ(list_instances(services, true)->instances.size(), 1u);
    auto status = instance_status(services, "wiki");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->instances.front().live_state, "-");
}

TEST_F(DecommissionTest, ALockLostAfterTheStopStartsGitLabAgainAndRemovesNothing) {
    // Held at the first safe point (before the stop), lost at the second (before removal).
    struct LosingLock final : OperationLock {
        mutable int asked = 0;
        Result<void> still_held() const override {
            if (++asked < 2) return {};
            return fail(ErrorKind::failed, "instance 1", "lost its operation lock");
        }
    } losing;
    register_held_lock(&losing);
    auto services = this->services();
    auto ended = decommission(services, {.instance = "wiki", .no_backup = true});
    unregister_held_lock(&losing);
    ASSERT_FALSE(ended);
    EXPECT_EQ(ended.error().message(), "instance 1: lost its operation lock");
    EXPECT_EQ(losing.asked, 2);
    ASSERT_EQ(docker.containers.size(), 1u);
    EXPECT_TRUE(docker.containers.begin()->second.info.running);
    auto records = inventory.list();
    ASSERT_TRUE(records);
    EXPECT_EQ(records->front().state, InstanceState::active);
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1" / "operation-in-progress.json"));
}

}  // namespace
}  // namespace girofle
