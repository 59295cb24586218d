// The engine's container list read in one request: what `girofle list` shows of every instance
// (state, health, exit code) without inspecting any of them.
#include <gtest/gtest.h>

#include <map>

#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(DockerEngineTest, OneListRequestGivesEachContainersStateHealthAndExitCode) {
    GIROFLE_REQUIRE_DOCKER();
    const std::string key = "io.girofle.test.summaries";
    auto labelled = [&](const std::string& role) {
        ContainerSpec spec = sleeper(role);
        spec.labels[key] = run_id_;
        return spec;
    };
    ContainerSpec unchecked = labelled("no-check");
    ContainerSpec starting = labelled("starting");  // its first check comes after the test
    starting.health_check = HealthCheck{.command = {"true"}, .interval = 600s, .timeout = 1s, .retries = 1};
    ContainerSpec healthy = labelled("healthy");
    healthy.health_check = HealthCheck{.command = {"true"}, .interval = 1s, .timeout = 1s, .retries = 1};
    ContainerSpec unhealthy = labelled("unhealthy");
    unhealthy.health_check = HealthCheck{.command = {"false"}, .interval = 1s, .timeout = 1s, .retries = 1};
    ContainerSpec exited = labelled("exited");
    exited.command = {"sh", "-c", "exit 3"};
    exited.health_check = healthy.health_check;  // stopped: its health is not in the list
    ContainerSpec created = labelled("created");
    for (const auto* spec : {&unchecked, &starting, &healthy, &unhealthy, &exited, &created}) {
        ASSERT_TRUE(succeeded(docker_.create_container(*spec)));
        if (spec != &created) {
            ASSERT_TRUE(succeeded(docker_.start_container(spec->name)));
        }
    }
    for (const auto* spec : {&healthy, &unhealthy})
        ASSERT_TRUE(succeeded(inspect_until(
            spec->name, [](const ContainerInfo& c) { return c.health != HealthStatus::starting; }, 20s)));
    ASSERT_TRUE(succeeded(inspect_until(exited.name, [](const ContainerInfo& c) { return !c.running; }, 20s)));

    auto listed = docker_.list_container_summaries({key + "=" + run_id_});
    ASSERT_TRUE(succeeded(listed));
    std::map<std::string, ContainerSummary> by_name;
    for (const auto& summary : *listed) by_name.emplace(summary.name, summary);
    ASSERT_EQ(by_name.size(), 6u);
    const struct {
        const ContainerSpec& spec;
        const char* status;
        HealthStatus health;
        int exit_code;
    } expected[] = {
        {unchecked, "running", HealthStatus::none, 0},
        {starting, "running", HealthStatus::starting, 0},
        {healthy, "running", HealthStatus::healthy, 0},
        {unhealthy, "running", HealthStatus::unhealthy, 0},
        {exited, "exited", HealthStatus::none, 3},
        {created, "created", HealthStatus::none, 0},
    };
    for (const auto& want : expected) {
        ASSERT_TRUE(by_name.contains(want.spec.name)) << want.spec.name;
        const ContainerSummary& got = by_name.at(want.spec.name);
        EXPECT_EQ(got.status, want.status) << want.spec.name;
        EXPECT_EQ(got.health, want.health) << want.spec.name << ": " << to_string(got.health);
        EXPECT_EQ(got.exit_code, want.exit_code) << want.spec.name;
        EXPECT_EQ(got.labels.at(kTestLabelKey), kTestLabelValue) << want.spec.name;
        // The same container as inspect knows it.
        auto inspected = docker_.inspect_container(want.spec.name);
        ASSERT_TRUE(succeeded(inspected));
        EXPECT_EQ(got.id, inspected->id);
        EXPECT_EQ(got.status, inspected->status);
        if (got.status == "running") {
            EXPECT_EQ(got.health, inspected->health) << want.spec.name;
        }
    }
}

}  // namespace
}  // namespace girofle::testing
