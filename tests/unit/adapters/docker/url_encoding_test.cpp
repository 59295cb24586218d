#include "adapters/docker/url_encoding.hpp"

#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

TEST(DockerUrlEncoding, QueryValuesAreFullyEncoded) {
    EXPECT_EQ(percent_encode(R"({"label":["io.girofle.instance=3"]})"),
              "%7B%22label%22%3A%5B%22io.girofle.instance%3D3%22%5D%7D");
    EXPECT_EQ(percent_encode("gitlab-3_a.b~c"), "gitlab-3_a.b~c");
    EXPECT_EQ(path_segment("a b/c"), "a%20b%2Fc");
}

TEST(DockerUrlEncoding, ImageReferencesKeepTheirStructure) {
    EXPECT_EQ(image_path("registry.local:5000/gitlab/gitlab-ce:16.11.0-ce.0"),
              "registry.local:5000/gitlab/gitlab-ce:16.11.0-ce.0");
    EXPECT_EQ(image_path("gitlab/gitlab-ce@sha256:ab"), "gitlab/gitlab-ce@sha256:ab");
}

}  // namespace
}  // namespace girofle::docker_api
