#include "adapters/docker/docker_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(DockerHost, UnsetMeansTheStandardSocket) {
    EXPECT_EQ(docker_socket_path(nullptr), "/var/run/docker.sock");
    EXPECT_EQ(docker_socket_path(""), "/var/run/docker.sock");
}

TEST(DockerHost, UnixSocketPathIsTaken) {
    EXPECT_EQ(docker_socket_path("unix:///run/user/1000/docker.sock"),
              "/run/user/1000/docker.sock");
}

TEST(DockerHost, AnyOtherTransportIsAUsageError) {
    for (const char* value :
         {"tcp://127.0.0.1:2375", "ssh://me@host", "unix://", "/var/run/docker.sock"}) {
        auto path = docker_socket_path(value);
        ASSERT_FALSE(path) << value;
        EXPECT_EQ(path.error().kind, ErrorKind::usage);
        EXPECT_THAT(path.error().message(), ::testing::HasSubstr(value));
        EXPECT_THAT(path.error().message(), ::testing::HasSubstr("DOCKER_HOST"));
    }
}

}  // namespace
}  // namespace girofle
