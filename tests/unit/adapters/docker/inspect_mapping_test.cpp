#include "adapters/docker/inspect_mapping.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

using nlohmann::json;

// Trimmed from a real Docker 20.10 answer for a container with a failing health check.
const json kInspect = json::parse(R"({
  "Id": "e293029432378077417e8a94a0a6638abcd5e63ef8683bf97576b0a709c34541",
  "Name": "/gitlab-3",
  "Image": "sha256:aa6b77c71e2f85140b298a2e9dcb8a64f054851270ed5d6beb6a79ec22017a9b",
  "State": {
    "Status": "running", "Running": true, "Paused": false, "Pid": 48211, "ExitCode": 0,
    "StartedAt": "2026-11-25T05:45:20.760661974Z",
    "Health": {"Status": "unhealthy", "FailingStreak": 2, "Log": [
      {"ExitCode": 1, "Output": "first\n"}, {"ExitCode": 1, "Output": "not yet\n"}]}
  },
  "Mounts": [
    {"Type": "bind", "Source": "/girofle/noeud-gitlab-3/mapping-volumes/data",
     "Destination": "/var/opt/gitlab", "RW": true},
    {"Type": "bind", "Source": "/girofle/noeud-gitlab-3/mapping-volumes/config",
     "Destination": "/etc/gitlab", "RW": false},
    {"Type": "volume", "Name": "abc", "Source": "/var/lib/docker/volumes/abc/_data",
     "Destination": "/cache", "RW": true}
  ],
  "Config": {
    "Image": "gitlab/gitlab-ce:16.11.0-ce.0",
    "Env": ["A=1", "PATH=/usr/bin"],
    "Labels": {"io.girofle.instance": "3"}
  },
  "HostConfig": {
    "PortBindings": {
      "53/udp": [{"HostIp": "127.0.0.9", "HostPort": "53"}],
      "80/tcp": [{"HostIp": "127.0.0.9", "HostPort": "80"}]
    },
    "Binds": null
  }
})");

TEST(DockerInspectMapping, ContainerFieldsGirofleReads) {
    const ContainerInfo info = container_info_from_inspect(kInspect);
    EXPECT_EQ(info.id, "e293029432378077417e8a94a0a6638abcd5e63ef8683bf97576b0a709c34541");
    EXPECT_EQ(info.name, "gitlab-3");
    EXPECT_EQ(info.image, "gitlab/gitlab-ce:16.11.0-ce.0");
    EXPECT_EQ(info.image_id,
              "sha256:aa6b77c71e2f85140b298a2e9dcb8a64f054851270ed5d6beb6a79ec22017a9b");
    EXPECT_EQ(info.status, "running");
    EXPECT_TRUE(info.running);
    EXPECT_FALSE(info.paused);
    EXPECT_EQ(info.pid, 48211);
    EXPECT_EQ(info.started_at, "2026-11-25T05:45:20.760661974Z");
    EXPECT_EQ(info.health, HealthStatus::unhealthy);
    EXPECT_EQ(info.health_output, "not yet\n");  // the most recent check
    EXPECT_EQ(info.labels, (std::map<std::string, std::string>{{"io.girofle.instance", "3"}}));
    EXPECT_EQ(info.env, (std::vector<std::string>{"A=1", "PATH=/usr/bin"}));
    ASSERT_EQ(info.ports.size(), 1u);  // TCP only
    EXPECT_EQ(info.ports[0].host_ip, "127.0.0.9");
    EXPECT_EQ(info.ports[0].host_port, 80);
    EXPECT_EQ(info.ports[0].container_port, 80);
    ASSERT_EQ(info.mounts.size(), 2u);  // bind mounts only
    EXPECT_EQ(info.mounts[0].container_path, "/var/opt/gitlab");
    EXPECT_FALSE(info.mounts[0].read_only);
    EXPECT_EQ(info.mounts[1].host_path, "/girofle/noeud-gitlab-3/mapping-volumes/config");
    EXPECT_TRUE(info.mounts[1].read_only);
}

TEST(DockerInspectMapping, NullsAndOddTypesReadAsAbsent) {
    const json sparse = json::parse(R"({"Id": "x", "Name": "/y", "State": null,
        "Config": {"Labels": null, "Env": null, "Image": 3},
        "HostConfig": {"PortBindings": null}, "Mounts": null})");
    const ContainerInfo info = container_info_from_inspect(sparse);
    EXPECT_EQ(info.name, "y");
    EXPECT_EQ(info.image, "");
    EXPECT_EQ(info.status, "");
    EXPECT_EQ(info.health, HealthStatus::none);
    EXPECT_TRUE(info.labels.empty());
    EXPECT_TRUE(info.env.empty());
    EXPECT_TRUE(info.ports.empty());
    EXPECT_TRUE(info.mounts.empty());
    EXPECT_EQ(container_info_from_inspect(json::array()).id, "");
}

TEST(DockerInspectMapping, ImageHealthCheckSetUnlessNone) {
    const json gitlab =
        json::parse(R"({"Id": "sha256:1", "RepoTags": ["gitlab/gitlab-ce:16.11.0-ce.0"],
        "RepoDigests": ["gitlab/gitlab-ce@sha256:2"],
        "Config": {"Healthcheck": {"Test": ["CMD-SHELL", "/opt/gitlab/bin/gitlab-healthcheck"]}}})");
    const ImageInfo image = image_info_from_inspect(gitlab);
    EXPECT_EQ(image.id, "sha256:1");
    EXPECT_EQ(image.repo_tags, (std::vector<std::string>{"gitlab/gitlab-ce:16.11.0-ce.0"}));
    EXPECT_EQ(image.repo_digests, (std::vector<std::string>{"gitlab/gitlab-ce@sha256:2"}));
    EXPECT_TRUE(image.has_healthcheck);

    EXPECT_FALSE(
        image_info_from_inspect(json::parse(R"({"Config": {"Healthcheck": {"Test": ["NONE"]}}})"))
            .has_healthcheck);
    EXPECT_FALSE(image_info_from_inspect(json::parse(R"({"Config": {"Healthcheck": null},
        "RepoDigests": null})"))
                     .has_healthcheck);
}

}  // namespace
}  // namespace girofle::docker_api
