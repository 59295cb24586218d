// The container life cycle against the real engine: what Girofle's commission, status, backup
// (freeze) and decommission rely on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "adapters/docker/api_version.hpp"
#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::UnorderedElementsAre;

// Serves one line on port 8080, writes a file into the bind mount, and ends cleanly on SIGTERM.
constexpr const char* kServiceScript = R"(
trap 'exit 0' TERM
echo written-inside > /data/from-container.txt
perl -MIO::Socket::INET -e '
  my $server = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die;
  while (my $client = $server->accept) { print $client "hello from the container\n"; close $client }
' &
wait
)";

std::vector<std::string> names_of(const std::vector<ContainerInfo>& containers) {
    std::vector<std::string> names;
    for (const auto& container : containers) names.push_back(container.name);
    return names;
}

TEST_F(DockerEngineTest, NegotiatesTheNewestApiVersionBothSidesSpeak) {
    GIROFLE_REQUIRE_DOCKER();
    auto version = docker_.version();
    ASSERT_TRUE(succeeded(version));
    EXPECT_FALSE(version->version.empty());
    const auto engine = docker_api::parse_api_version(version->engine_api_version);
    const auto newest_known = docker_api::parse_api_version(docker_api::kNewestKnownApi);
    ASSERT_TRUE(engine && newest_known);
    const auto spoken = docker_api::parse_api_version(version->api_version);
    ASSERT_TRUE(spoken);
    EXPECT_EQ(*spoken, std::min(*engine, *newest_known));
    EXPECT_GE(*spoken, *docker_api::parse_api_version(docker_api::kOldestSupportedApi));
    // Requests under the negotiated prefix work.
    EXPECT_TRUE(succeeded(docker_.list_containers({"io.girofle.test=nothing-carries-this"}, true)));
    // A client that only makes requests negotiates through /_ping, to the same version.
    DockerEngineClient fresh(docker_.socket_path());
    EXPECT_TRUE(succeeded(fresh.list_containers({"io.girofle.test=nothing-carries-this"}, true)));
    auto pinged = fresh.api_version();
    ASSERT_TRUE(succeeded(pinged));
    EXPECT_EQ(*pinged, version->api_version);
}

TEST_F(DockerEngineTest, FullLifeCycleWithLabelsEnvBindMountAndPublishedPort) {
    GIROFLE_REQUIRE_DOCKER();
    TempDir host_dir("girofle-docker-bind");
    const int port = free_tcp_port(kTestAddress);
    ASSERT_GT(port, 0);
    ContainerSpec spec{
        .name = container_name("life"),
        .image = kTestImage,
        .hostname = "gitlab-1.girofle.test",
        .env = {"GIROFLE_TEST_GREETING=bonjour"},
        .command = {"sh", "-c", kServiceScript},
        .ports = {{.host_ip = kTestAddress, .host_port = port, .container_port = 8080}},
        .mounts = {{.host_path = host_dir.path().string(), .container_path = "/data"}},
        .labels = {{kTestLabelKey, kTestLabelValue}, {"io.girofle.instance", "1"}},
        .shm_size_bytes = 64 << 20,
        .restart_policy = "no",
        .stop_timeout_seconds = 20,
    };
    auto id = docker_.create_container(spec);
    ASSERT_TRUE(succeeded(id));
    EXPECT_EQ(id->size(), 64u);
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    auto info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->id, *id);
    EXPECT_EQ(info->name, spec.name);
    EXPECT_EQ(info->status, "running");
    EXPECT_TRUE(info->running);
    EXPECT_FALSE(info->paused);
    EXPECT_FALSE(info->started_at.empty());
    EXPECT_EQ(info->image, kTestImage);
    EXPECT_TRUE(info->image_id.starts_with("sha256:")) << info->image_id;
    EXPECT_EQ(info->health, HealthStatus::none);
    EXPECT_EQ(info->labels.at("io.girofle.instance"), "1");
    EXPECT_EQ(info->labels.at(kTestLabelKey), kTestLabelValue);
    EXPECT_THAT(info->env, Contains("GIROFLE_TEST_GREETING=bonjour"));
    ASSERT_EQ(info->ports.size(), 1u);
    EXPECT_EQ(info->ports[0].host_ip, kTestAddress);
    EXPECT_EQ(info->ports[0].host_port, port);
    EXPECT_EQ(info->ports[0].container_port, 8080);
    ASSERT_EQ(info->mounts.size(), 1u);
    EXPECT_EQ(info->mounts[0].host_path, host_dir.path().string());
    EXPECT_EQ(info->mounts[0].container_path, "/data");
    EXPECT_FALSE(info->mounts[0].read_only);

    // The process sees its environment and hostname.
    auto seen = docker_.exec(spec.name, {"sh", "-c", "echo $GIROFLE_TEST_GREETING; hostname"}, 10s);
    ASSERT_TRUE(succeeded(seen));
    EXPECT_EQ(seen->out, "bonjour\ngitlab-1.girofle.test\n");

    // A client on the instance's own address reaches the service inside the container.
    std::string greeting;
    for (int attempt = 0; attempt < 50 && greeting.empty(); ++attempt) {
        greeting = read_tcp_greeting(kTestAddress, port);
        if (greeting.empty()) std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(greeting, "hello from the container\n");
    // What the container writes in its bind mount lands in the host directory.
    EXPECT_EQ(read_file(host_dir / "from-container.txt"), "written-inside\n");

    // A container that handles SIGTERM stops cleanly, long before the timeout.
    const auto stop_began = std::chrono::steady_clock::now();
    ASSERT_TRUE(succeeded(docker_.stop_container(spec.name, 20s)));
    EXPECT_LT(std::chrono::steady_clock::now() - stop_began, 10s);
    info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_FALSE(info->running);
    EXPECT_EQ(info->status, "exited");
    EXPECT_EQ(info->exit_code, 0);
    // Stopping a stopped container is not an error.
    EXPECT_TRUE(succeeded(docker_.stop_container(spec.name, 1s)));

    auto removed = docker_.remove_container(spec.name, /*force=*/false);
    ASSERT_TRUE(succeeded(removed));
    auto gone = docker_.inspect_container(spec.name);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().kind, ErrorKind::not_found);
    // The bind-mounted data outlives the container.
    EXPECT_TRUE(std::filesystem::exists(host_dir / "from-container.txt"));
}

TEST_F(DockerEngineTest, ListByLabelFindsExactlyOurContainers) {
    GIROFLE_REQUIRE_DOCKER();
    const std::string list_label = "io.girofle.test.list=" + run_id_;
    ContainerSpec running = sleeper("listed-running");
    running.labels["io.girofle.test.list"] = run_id_;
    ContainerSpec created = sleeper("listed-created");
    created.labels["io.girofle.test.list"] = run_id_;
    ContainerSpec other = sleeper("not-listed");
    for (const auto* spec : {&running, &created, &other})
        ASSERT_TRUE(succeeded(docker_.create_container(*spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(running.name)));
    ASSERT_TRUE(succeeded(docker_.start_container(other.name)));

    auto all = docker_.list_containers({list_label}, /*all=*/true);
    ASSERT_TRUE(succeeded(all));
    EXPECT_THAT(names_of(*all), UnorderedElementsAre(running.name, created.name));
    for (const auto& container : *all)
        EXPECT_EQ(container.labels.at(kTestLabelKey), kTestLabelValue);

    auto only_running = docker_.list_containers({list_label}, /*all=*/false);
    ASSERT_TRUE(succeeded(only_running));
    EXPECT_THAT(names_of(*only_running), UnorderedElementsAre(running.name));

    // Every label must match.
    auto both = docker_.list_containers({list_label, "io.girofle.test=something-else"}, true);
    ASSERT_TRUE(succeeded(both));
    EXPECT_TRUE(both->empty());
}

TEST_F(DockerEngineTest, PauseAndUnpauseShowInInspect) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("paused");
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    ASSERT_TRUE(succeeded(docker_.pause_container(spec.name)));
    auto info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->status, "paused");
    EXPECT_TRUE(info->paused);
    // A frozen container runs nothing, and says so.
    auto refused = docker_.exec(spec.name, {"true"}, 5s);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_THAT(refused.error().message(), ::testing::HasSubstr("paused"));

    ASSERT_TRUE(succeeded(docker_.unpause_container(spec.name)));
    info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_EQ(info->status, "running");
    EXPECT_FALSE(info->paused);
    auto ran = docker_.exec(spec.name, {"true"}, 5s);
    ASSERT_TRUE(succeeded(ran));
    EXPECT_EQ(ran->exit_code, 0);
}

TEST_F(DockerEngineTest, StopKillsAContainerThatIgnoresSigtermOnceTheTimeoutPasses) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("stubborn");
    spec.command = {"sh", "-c", "trap '' TERM; while :; do sleep 1; done"};
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    const auto began = std::chrono::steady_clock::now();
    auto stopped = docker_.stop_container(spec.name, 2s);
    const auto elapsed = std::chrono::steady_clock::now() - began;
    ASSERT_TRUE(succeeded(stopped));
    EXPECT_GE(elapsed, 2s);   // the container was given its grace period ...
    EXPECT_LT(elapsed, 10s);  // ... and then killed, not waited on forever
    auto info = docker_.inspect_container(spec.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_FALSE(info->running);
    EXPECT_EQ(info->exit_code, 137);  // 128 + SIGKILL
}

}  // namespace
}  // namespace girofle::testing
