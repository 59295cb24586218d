#include "adapters/docker/create_request.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

TEST(DockerCreateRequest, GitLabLikeSpecMapsToTheEngineFields) {
    ContainerSpec spec{
        .name = "gitlab-3",
        .image = "gitlab/gitlab-ce:16.11.0-ce.0",
        .hostname = "gitlab-3.example.org",
        .env = {"GITLAB_OMNIBUS_CONFIG=external_url 'http://127.0.0.9'"},
        .ports = {{.host_ip = "127.0.0.9", .host_port = 80, .container_port = 80},
                  {.host_ip = "127.0.0.9", .host_port = 2222, .container_port = 22},
                  {.host_ip = "127.0.0.10", .host_port = 0, .container_port = 22}},
        .mounts = {{.host_path = "/girofle/noeud-gitlab-3/mapping-volumes/config",
                    .container_path = "/etc/gitlab",
                    .read_only = true}},
        .labels = {{"io.girofle.instance", "3"}},
        .shm_size_bytes = 256 << 20,
        .restart_policy = "always",
        .stop_timeout_seconds = 120,
        .network_mode = "bridge",
    };
    const json body = container_create_body(spec);
    EXPECT_EQ(body["Image"], "gitlab/gitlab-ce:16.11.0-ce.0");
    EXPECT_EQ(body["Hostname"], "gitlab-3.example.org");
    EXPECT_EQ(body["Env"][0], "GITLAB_OMNIBUS_CONFIG=external_url 'http://127.0.0.9'");
    EXPECT_FALSE(body.contains("Cmd"));          // the image's own command
    EXPECT_FALSE(body.contains("Healthcheck"));  // the image's own check
    EXPECT_EQ(body["Labels"]["io.girofle.instance"], "3");
    EXPECT_EQ(body["StopTimeout"], 120);
    EXPECT_EQ(body["ExposedPorts"], json::parse(R"({"80/tcp": {}, "22/tcp": {}})"));

    const json& host = body["HostConfig"];
    EXPECT_EQ(host["PortBindings"], json::parse(R"({
        "80/tcp": [{"HostIp": "127.0.0.9", "HostPort": "80"}],
        "22/tcp": [{"HostIp": "127.0.0.9", "HostPort": "2222"},
                   {"HostIp": "127.0.0.10", "HostPort": ""}]})"));
    EXPECT_EQ(host["Mounts"], json::parse(R"([{"Type": "bind",
        "Source": "/girofle/noeud-gitlab-3/mapping-volumes/config", "Target": "/etc/gitlab",
        "ReadOnly": true}])"));
    EXPECT_FALSE(host.contains("Binds"));
    EXPECT_EQ(host["ShmSize"], 256 << 20);
    EXPECT_EQ(host["RestartPolicy"]["Name"], "always");
    EXPECT_EQ(host["NetworkMode"], "bridge");
    EXPECT_EQ(host["AutoRemove"], false);
}

TEST(DockerCreateRequest, MinimalSpecLeavesEngineDefaults) {
    const json body =
        container_create_body({.image = "debian:bookworm-slim", .command = {"sleep", "infinity"}});
    EXPECT_EQ(body["Cmd"], json::parse(R"(["sleep", "infinity"])"));
    EXPECT_FALSE(body.contains("Hostname"));
    EXPECT_FALSE(body.contains("ExposedPorts"));
    EXPECT_FALSE(body.contains("StopTimeout"));
    EXPECT_FALSE(body["HostConfig"].contains("PortBindings"));
    EXPECT_FALSE(body["HostConfig"].contains("ShmSize"));
    EXPECT_FALSE(body["HostConfig"].contains("RestartPolicy"));
    EXPECT_FALSE(body["HostConfig"].contains("NetworkMode"));
}

TEST(DockerCreateRequest, HealthCheckIsArgvWithDurationsInNanoseconds) {
    ContainerSpec spec{.image = "debian:bookworm-slim"};
    spec.health_check = HealthCheck{.command = {"test", "-f", "/tmp/ready"},
                                    .interval = 1s,
                                    .timeout = 500ms,
                                    .retries = 2,
                                    .start_period = 10s};
    EXPECT_EQ(container_create_body(spec)["Healthcheck"], json::parse(R"({
        "Test": ["CMD", "test", "-f", "/tmp/ready"], "Interval": 1000000000,
        "Timeout": 500000000, "Retries": 2, "StartPeriod": 10000000000})"));
}

}  // namespace
}  // namespace girofle::docker_api
