// Failures a user meets, each with a kind Girofle can act on and a message naming the object.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST_F(DockerEngineTest, NameInUseIsAConflictNamingTheContainer) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("taken-name");
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    auto second = docker_.create_container(spec);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, ErrorKind::conflict);
    EXPECT_THAT(second.error().message(), HasSubstr("container " + spec.name));
}

TEST_F(DockerEngineTest, MissingImageIsNotFoundNamingTheImage) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("no-image");
    spec.image = "girofle-test/no-such-image:0.0.0";
    auto created = docker_.create_container(spec);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, ErrorKind::not_found);
    EXPECT_THAT(created.error().message(), HasSubstr("image girofle-test/no-such-image:0.0.0"));
}

TEST_F(DockerEngineTest, TakenPublishedPortIsAConflictNamingAddressAndPort) {
    GIROFLE_REQUIRE_DOCKER();
    const int port = free_tcp_port(kTestAddress);
    ASSERT_GT(port, 0);
    const PortBinding binding{.host_ip = kTestAddress, .host_port = port, .container_port = 80};
    ContainerSpec first = sleeper("port-first");
    first.ports = {binding};
    ContainerSpec second = sleeper("port-second");
    second.ports = {binding};
    ASSERT_TRUE(succeeded(docker_.create_container(first)));
    ASSERT_TRUE(succeeded(docker_.create_container(second)));
    ASSERT_TRUE(succeeded(docker_.start_container(first.name)));

    auto started = docker_.start_container(second.name);
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, ErrorKind::conflict);
    const std::string address_and_port = std::string(kTestAddress) + ":" + std::to_string(port);
    EXPECT_THAT(started.error().message(), HasSubstr(address_and_port));
    EXPECT_THAT(started.error().message(), HasSubstr(second.name));
    auto info = docker_.inspect_container(second.name);
    ASSERT_TRUE(succeeded(info));
    EXPECT_FALSE(info->running);
}

TEST_F(DockerEngineTest, MissingSocketIsUnavailableNamingThePath) {
    GIROFLE_REQUIRE_DOCKER();
    TempDir dir("girofle-docker-socket");
    const std::string socket = (dir / "docker.sock").string();
    DockerEngineClient absent(socket);

    auto version = absent.version();
    ASSERT_FALSE(version);
    EXPECT_EQ(version.error().kind, ErrorKind::unavailable);
    EXPECT_THAT(version.error().message(),
                HasSubstr("docker: cannot reach the Docker engine at " + socket));
    EXPECT_THAT(version.error().message(), HasSubstr("No such file or directory"));
    // Every operation says the same, not just the first.
    auto created = absent.create_container(sleeper("never-created"));
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, ErrorKind::unavailable);
    EXPECT_THAT(created.error().message(), HasSubstr(socket));
}

TEST_F(DockerEngineTest, MissingContainerIsNotFoundNamingIt) {
    GIROFLE_REQUIRE_DOCKER();
    const std::string name = "girofle-docker-test-" + run_id_ + "-never-created";
    auto inspected = docker_.inspect_container(name);
    ASSERT_FALSE(inspected);
    EXPECT_EQ(inspected.error().kind, ErrorKind::not_found);
    EXPECT_EQ(inspected.error().message(), "container " + name + ": no such container");
    for (auto result : {docker_.start_container(name), docker_.stop_container(name, 1s),
                        docker_.remove_container(name, true), docker_.pause_container(name)}) {
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().kind, ErrorKind::not_found);
        EXPECT_THAT(result.error().message(), HasSubstr(name));
    }
}

TEST_F(DockerEngineTest, MissingBindMountSourceFailsInsteadOfBeingCreated) {
    GIROFLE_REQUIRE_DOCKER();
    TempDir dir("girofle-docker-bind");
    const auto missing = dir / "mapping-volumes" / "data";
    ContainerSpec spec = sleeper("missing-source");
    spec.mounts = {{.host_path = missing.string(), .container_path = "/data"}};
    auto created = docker_.create_container(spec);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, ErrorKind::not_found);
    EXPECT_THAT(created.error().message(), HasSubstr(missing.string()));
    EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace girofle::testing
