#include "core/readiness.hpp"

#include <gtest/gtest.h>

#include "unit/fakes/fake_docker.hpp"
#include "unit/fakes/fake_system.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeDocker;

class ReadinessTest : public ::testing::Test {
protected:
    void SetUp() override {
        id = *docker.create_container({.name = "noeud-gitlab-1", .image = "gitlab:1"});
        ASSERT_TRUE(docker.start_container(id));
    }
    Result<void> wait(std::chrono::seconds bound = 30s) {
        return wait_until_ready(docker, clock, reporter, {.container = id, .object = "instance 1", .bound = bound});
    }
    FakeDocker docker;
    FakeClock clock;
    SilentReporter reporter;
    std::string id;
};

TEST_F(ReadinessTest, HealthyAfterStartingIsReady) {
    docker.health_script = {HealthStatus::starting, HealthStatus::starting, HealthStatus::healthy};
    EXPECT_TRUE(wait());
    EXPECT_EQ(clock.steady.time_since_epoch(), 2s);
}

TEST_F(ReadinessTest, UnhealthyFailsAtOnceWithTheProbeOutput) {
    docker.health_script = {HealthStatus::starting, HealthStatus::unhealthy};
    auto result = wait();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message(), "instance 1: container is unhealthy: probe said no");
}

TEST_F(ReadinessTest, AfterServicesRestartedInsideUnhealthyOnlyMeansNotYet) {
    docker.health_script = {HealthStatus::unhealthy, HealthStatus::unhealthy, HealthStatus::healthy};
    EXPECT_TRUE(wait_until_ready(docker, clock, reporter,
                                 {.container = id, .object = "instance 1", .bound = 30s, .unhealthy_is_final = false}));
    docker.health_script = {HealthStatus::unhealthy};
    auto stuck = wait_until_ready(docker, clock, reporter,
                                  {.container = id, .object = "instance 1", .bound = 5s, .unhealthy_is_final = false});
    ASSERT_FALSE(stuck);
    EXPECT_EQ(stuck.error().message(), "instance 1: not ready after 5 s (health: unhealthy, services restarting)");
}

TEST_F(ReadinessTest, TheBoundEndsTheWait) {
    docker.health_script = {HealthStatus::starting};
    auto result = wait(5s);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
    EXPECT_EQ(result.error().message(), "instance 1: not ready after 5 s (health: starting)");
}

TEST_F(ReadinessTest, WithoutAHealthCheckTheReadinessEndpointDecides) {
    docker.exec_exit_code = 22;
    auto result = wait(3s);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message().find("readiness probe: 503 not ready"), std::string::npos);
    docker.exec_exit_code = 0;
    EXPECT_TRUE(wait(3s));
}

TEST_F(ReadinessTest, AContainerThatStopsOrVanishesFails) {
    docker.containers[id].info.running = false;
    docker.containers[id].info.status = "exited";
    docker.containers[id].info.exit_code = 1;
    auto stopped = wait();
    ASSERT_FALSE(stopped);
    EXPECT_NE(stopped.error().message().find("stopped while starting (status exited, exit code 1)"),
              std::string::npos);
    docker.containers.clear();
    auto vanished = wait();
    ASSERT_FALSE(vanished);
    EXPECT_NE(vanished.error().message().find("vanished"), std::string::npos);
}

}  // namespace
}  // namespace girofle
