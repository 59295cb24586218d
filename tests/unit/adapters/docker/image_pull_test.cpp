#include "adapters/docker/image_pull.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

void expect_target(std::string_view reference, const std::string& image, const std::string& tag) {
    const PullTarget target = pull_target(reference);
    EXPECT_EQ(target.image, image) << reference;
    EXPECT_EQ(target.tag, tag) << reference;
}

TEST(DockerImagePull, ReferenceSplitsIntoImageAndTag) {
    expect_target("gitlab/gitlab-ce:16.11.0-ce.0", "gitlab/gitlab-ce", "16.11.0-ce.0");
    expect_target("registry.local:5000/gitlab/gitlab-ce:16.11.0-ce.0",
                  "registry.local:5000/gitlab/gitlab-ce", "16.11.0-ce.0");
    expect_target("gitlab/gitlab-ce@sha256:abcd", "gitlab/gitlab-ce", "sha256:abcd");
    // Never an empty tag: that would pull every tag of the repository.
    expect_target("registry.local:5000/debian", "registry.local:5000/debian", "latest");
    expect_target("debian", "debian", "latest");
}

TEST(DockerImagePull, ErrorLineInsideASuccessfulAnswerIsFound) {
    const std::string stream =
        "{\"status\":\"Pulling from gitlab/gitlab-ce\",\"id\":\"16.11.0-ce.0\"}\r\n"
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":9}}\r\n"
        "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n";
    EXPECT_EQ(pull_stream_error(stream), "unexpected EOF");
    EXPECT_EQ(pull_stream_error("{\"error\":\"only the short form\"}\n"), "only the short form");
}

TEST(DockerImagePull, CompletePullHasNoError) {
    EXPECT_EQ(pull_stream_error("{\"status\":\"Pulling from library/debian\"}\n"
                                "{\"status\":\"Status: Downloaded newer image for debian:12\"}\n"
                                "not json at all\n"),
              std::nullopt);
    EXPECT_EQ(pull_stream_error(""), std::nullopt);
}

}  // namespace
}  // namespace girofle::docker_api
