// Health status as the engine reports it: Girofle's readiness wait for a new GitLab reads it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(DockerEngineTest, HealthGoesFromStartingToHealthyWhenTheCheckPasses) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("healthy");
    spec.health_check = HealthCheck{
        .command = {"test", "-f", "/tmp/ready"}, .interval = 1s, .timeout = 1s, .retries = 3};
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    auto info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->health, HealthStatus::starting);

    auto ready = docker_.exec(spec.name, {"touch", "/tmp/ready"}, 5s);
    ASSERT_TRUE(succeeded(ready));
    ASSERT_EQ(ready->exit_code, 0);
    info = inspect_until(
        spec.name, [](const ContainerInfo& c) { return c.health != HealthStatus::starting; }, 10s);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->health, HealthStatus::healthy) << to_string(info->health);
}

TEST_F(DockerEngineTest, HealthBecomesUnhealthyWithTheFailingCheckOutput) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("unhealthy");
    spec.health_check = HealthCheck{.command = {"sh", "-c", "echo database not ready; exit 1"},
                                    .interval = 1s,
                                    .timeout = 1s,
                                    .retries = 1};
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    auto info = inspect_until(
        spec.name, [](const ContainerInfo& c) { return c.health != HealthStatus::starting; }, 10s);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->health, HealthStatus::unhealthy) << to_string(info->health);
    EXPECT_THAT(info->health_output, ::testing::HasSubstr("database not ready"));
}

}  // namespace
}  // namespace girofle::testing
