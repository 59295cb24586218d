#include "adapters/docker/docker_errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace girofle::docker_api {
namespace {

using ::testing::HasSubstr;

TEST(DockerErrors, UnreachableSocketSaysWhereAndWhy) {
    const Error missing = engine_unreachable("/var/run/docker.sock", ENOENT, "Couldn't connect");
    EXPECT_EQ(missing.kind, ErrorKind::unavailable);
    EXPECT_EQ(missing.message(),
              "docker: cannot reach the Docker engine at /var/run/docker.sock: No such file or "
              "directory (curl: Couldn't connect) (is dockerd running?)");
    const Error refused = engine_unreachable("/run/d.sock", ECONNREFUSED, "Couldn't connect");
    EXPECT_EQ(refused.kind, ErrorKind::unavailable);
    EXPECT_THAT(refused.message(), HasSubstr("Connection refused"));
}

TEST(DockerErrors, PermissionDeniedOnTheSocketIsPermission) {
    const Error denied = engine_unreachable("/var/run/docker.sock", EACCES, "Couldn't connect");
    EXPECT_EQ(denied.kind, ErrorKind::permission);
    EXPECT_THAT(denied.message(), HasSubstr("/var/run/docker.sock"));
    EXPECT_THAT(denied.message(), HasSubstr("docker group"));
}

TEST(DockerErrors, DockersOwnMessageIsKept) {
    EXPECT_EQ(docker_error_message(R"({"message":"No such container: x"})"),
              "No such container: x");
    EXPECT_EQ(docker_error_message("page not found\n"), "page not found");
    const Error failed = api_error(500, "driver failed", "container gitlab-3");
    EXPECT_EQ(failed.kind, ErrorKind::failed);
    EXPECT_EQ(failed.message(), "container gitlab-3: driver failed");
    EXPECT_EQ(api_error(409, "is paused", "c").kind, ErrorKind::conflict);
    EXPECT_EQ(api_error(403, "denied by plugin", "c").kind, ErrorKind::permission);
    EXPECT_EQ(api_error(502, "", "c").cause, "the engine answered HTTP 502");
}

TEST(DockerErrors, MissingContainerIsNotFound) {
    const Error missing = container_error(404, R"({"message":"No such container: x"})", "x");
    EXPECT_EQ(missing.kind, ErrorKind::not_found);
    EXPECT_EQ(missing.message(), "container x: no such container");
}

TEST(DockerErrors, TakenPortIsFoundInBothOfDockersWordings) {
    // The port held by another container, as Docker's port allocator says it ...
    EXPECT_EQ(taken_host_port("driver failed programming external connectivity on endpoint b "
                              "(a03d): Bind for 127.0.0.77:18077 failed: port is already "
                              "allocated"),
              "127.0.0.77:18077");
    // ... and held by another program, as docker-proxy says it.
    EXPECT_EQ(taken_host_port("driver failed programming external connectivity on endpoint c "
                              "(5a73): Error starting userland proxy: listen tcp4 "
                              "127.0.0.77:18078: bind: address already in use"),
              "127.0.0.77:18078");
    EXPECT_EQ(taken_host_port("Bind for [::1]:80 failed: port is already allocated"), "[::1]:80");
    EXPECT_EQ(taken_host_port("Container abc is not running"), std::nullopt);
}

TEST(DockerErrors, PullFailuresByCause) {
    const Error offline = pull_failure(
        "gitlab/gitlab-ce:16.11.0-ce.0",
        "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no "
        "such host");
    EXPECT_EQ(offline.kind, ErrorKind::unavailable);
    EXPECT_THAT(offline.message(), HasSubstr("image gitlab/gitlab-ce:16.11.0-ce.0: cannot reach"));
    EXPECT_EQ(pull_failure("x:1", "manifest for x:1 not found: manifest unknown").kind,
              ErrorKind::not_found);
    EXPECT_EQ(pull_failure("x:1", "pull access denied for x, repository does not exist").kind,
              ErrorKind::not_found);
    EXPECT_EQ(pull_failure("x:1", "failed to register layer: no space").kind, ErrorKind::failed);
}

}  // namespace
}  // namespace girofle::docker_api
