#include "adapters/docker/summary_mapping.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

using nlohmann::json;

// One element of a Docker 20.10 answer to GET /containers/json, trimmed; `status_text` and
// `state` vary per test.
json summary(const std::string& state, const std::string& status_text) {
    return json{{"Id", "5f0c"},
                {"Names", {"/noeud-gitlab-2"}},
                {"Image", "girofle/gitlab-standin:17.5.1"},
                {"State", state},
                {"Status", status_text},
                {"Labels", {{"io.girofle.root", "/srv/girofle"}, {"io.girofle.instance", "2"}}}};
}

TEST(SummaryMapping, ReadsNameStateAndLabels) {
    const auto read = container_summary_from_list(summary("running", "Up 2 hours (healthy)"));
    EXPECT_EQ(read.id, "5f0c");
    EXPECT_EQ(read.name, "noeud-gitlab-2");
    EXPECT_EQ(read.status, "running");
    EXPECT_EQ(read.labels.at("io.girofle.root"), "/srv/girofle");
    EXPECT_EQ(read.labels.at("io.girofle.instance"), "2");
}

TEST(SummaryMapping, HealthComesFromTheStatusTextOfARunningContainer) {
    EXPECT_EQ(container_summary_from_list(summary("running", "Up 2 hours (healthy)")).health, HealthStatus::healthy);
    EXPECT_EQ(container_summary_from_list(summary("running", "Up 5 seconds (health: starting)")).health,
              HealthStatus::starting);
    EXPECT_EQ(container_summary_from_list(summary("running", "Up About a minute (unhealthy)")).health,
              HealthStatus::unhealthy);
    // No health check: nothing in parentheses.
    EXPECT_EQ(container_summary_from_list(summary("running", "Up 3 minutes")).health, HealthStatus::none);
}

TEST(SummaryMapping, PausedStoppedAndCreatedContainersShowNoHealth) {
    EXPECT_EQ(container_summary_from_list(summary("paused", "Up 3 seconds (Paused)")).health, HealthStatus::none);
    EXPECT_EQ(container_summary_from_list(summary("exited", "Exited (137) 1 second ago")).health,
              HealthStatus::none);
    EXPECT_EQ(container_summary_from_list(summary("created", "Created")).health, HealthStatus::none);
}

TEST(SummaryMapping, ExitCodeComesFromExitedAndRestartingTexts) {
    const auto exited = container_summary_from_list(summary("exited", "Exited (137) 1 second ago"));
    EXPECT_EQ(exited.status, "exited");
    EXPECT_EQ(exited.exit_code, 137);
    EXPECT_EQ(container_summary_from_list(summary("restarting", "Restarting (1) 2 seconds ago")).exit_code, 1);
    EXPECT_EQ(container_summary_from_list(summary("exited", "Exited (0) 2 weeks ago")).exit_code, 0);
    EXPECT_EQ(container_summary_from_list(summary("running", "Up 2 hours (healthy)")).exit_code, 0);
    EXPECT_EQ(exit_code_from_status_text("Exited (12"), 0);
    EXPECT_EQ(exit_code_from_status_text("Exited ()"), 0);
}

TEST(SummaryMapping, TheOwnNameIsTheOneWithoutALinkPrefix) {
    json linked = summary("running", "Up 1 second");
    linked["Names"] = {"/web/db", "/noeud-gitlab-2"};
    EXPECT_EQ(container_summary_from_list(linked).name, "noeud-gitlab-2");
}

TEST(SummaryMapping, AbsentNullAndMistypedFieldsReadAsEmpty) {
    const auto empty = container_summary_from_list(json::object());
    EXPECT_EQ(empty.name, "");
    EXPECT_EQ(empty.status, "");
    EXPECT_EQ(empty.health, HealthStatus::none);
    EXPECT_TRUE(empty.labels.empty());
    const auto nulls = container_summary_from_list(
        json{{"Id", nullptr}, {"Names", nullptr}, {"State", 3}, {"Status", nullptr}, {"Labels", nullptr}});
    EXPECT_EQ(nulls.id, "");
    EXPECT_EQ(nulls.status, "");
    EXPECT_EQ(nulls.exit_code, 0);
    EXPECT_TRUE(nulls.labels.empty());
}

}  // namespace
}  // namespace girofle::docker_api
