#include "core/operations/list.hpp"

#include "core/operations/commission.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

class ListTest : public testing::LifecycleFixture {
protected:
    void SetUp() override {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
        ASSERT_TRUE(commission(services, {.name = "docs"}));
        docker.health_script.clear();  // from here on, each container keeps the health a test sets
        docker.inspections = 0;
        docker.list_requests = 0;
    }

    ContainerInfo& container_of(const std::string& name) {
        for (auto& [id, container] : docker.containers)
            if (container.info.name == name) return container.info;
        throw std::runtime_error("no container " + name);
    }

    std::string live_state_of(const std::string& name) {
        auto services = this->services();
        auto listing = list_instances(services, false);
        if (!listing) return "error: " + listing.error().message();
        for (const auto& view : listing->instances)
            if (view.record.name == name) return view.live_state;
        return "not listed";
    }
};

TEST_F(ListTest, AsksDockerOnceAndInspectsNothingWhenEveryContainerRuns) {
    auto services = this->services();
    auto listing = list_instances(services, false);
    ASSERT_TRUE(listing) << listing.error().message();
    ASSERT_EQ(listing->instances.size(), 2u);
    for (const auto& view : listing->instances) {
        EXPECT_EQ(view.live_state, "running (healthy)") << view.record.name;
        EXPECT_EQ(view.attention, "") << view.record.name;
        ASSERT_TRUE(view.container);
        EXPECT_EQ(view.container->name, view.record.container);
    }
    EXPECT_EQ(docker.list_requests, 1);
    EXPECT_EQ(docker.inspections, 0);
}

TEST_F(ListTest, ShowsEachHealthOfARunningContainerFromTheListAlone) {
    const std::pair<HealthStatus, const char*> cases[] = {
        {HealthStatus::none, "running"},
        {HealthStatus::starting, "running (starting)"},
        {HealthStatus::healthy, "running (healthy)"},
        {HealthStatus::unhealthy, "running (unhealthy)"},
    };
    for (const auto& [health, shown] : cases) {
        container_of("noeud-gitlab-1-wiki").health = health;
        EXPECT_EQ(live_state_of("wiki"), shown);
    }
    EXPECT_EQ(docker.inspections, 0);
}

TEST_F(ListTest, InspectsOnlyAContainerThatDoesNotRunForWhatItsCheckLastSaid) {
    ContainerInfo& wiki = container_of("noeud-gitlab-1-wiki");
    wiki.paused = true;
    wiki.status = "paused";
    wiki.health = HealthStatus::unhealthy;
    auto services = this->services();
    auto listing = list_instances(services, false);
    ASSERT_TRUE(listing);
    EXPECT_EQ(listing->instances[0].live_state, "paused (unhealthy)");
    EXPECT_EQ(listing->instances[0].attention,
              "not Girofle's pause: docker unpause noeud-gitlab-1-wiki");
    EXPECT_EQ(listing->instances[1].live_state, "running (healthy)");
    EXPECT_EQ(docker.inspections, 1);

    wiki.paused = false;
    wiki.running = false;
    wiki.status = "exited";
    wiki.exit_code = 137;
    wiki.health = HealthStatus::none;
    EXPECT_EQ(live_state_of("wiki"), "exited (137)");
}

TEST_F(ListTest, ARestartingContainerCountsAsRunningAsBefore) {
    ContainerInfo& wiki = container_of("noeud-gitlab-1-wiki");
    wiki.status = "restarting";
    wiki.exit_code = 1;
    auto services = this->services();
    auto listing = list_instances(services, false);
    ASSERT_TRUE(listing);
    EXPECT_EQ(listing->instances[0].live_state, "restarting (healthy)");
    EXPECT_EQ(listing->instances[0].attention, "");
}

TEST_F(ListTest, StatusAloneInspectsItsContainerForTheStartTime) {
    container_of("noeud-gitlab-1-wiki").started_at = "2026-11-30T12:00:00.5Z";
    auto services = this->services();
    auto listing = list_instances(services, false);
    ASSERT_TRUE(listing);
    EXPECT_EQ(listing->instances[0].started_at, "");
    auto status = instance_status(services, "wiki");
    ASSERT_TRUE(status) << status.error().message();
    ASSERT_EQ(status->instances.size(), 1u);
    EXPECT_EQ(status->instances[0].started_at, "2026-11-30T12:00:00.5Z");
    EXPECT_EQ(status->instances[0].live_state, "running (healthy)");
    EXPECT_EQ(docker.inspections, 1);
}

}  // namespace
}  // namespace girofle
