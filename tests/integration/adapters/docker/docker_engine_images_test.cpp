// Images: the reference and digest that go into backup manifests, and pulling offline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::HasSubstr;

TEST_F(DockerEngineTest, InspectImageGivesIdTagsAndHealthCheck) {
    GIROFLE_REQUIRE_DOCKER();
    auto image = docker_.inspect_image(kTestImage);
    ASSERT_TRUE(succeeded(image));
    EXPECT_TRUE(image->id.starts_with("sha256:")) << image->id;
    EXPECT_THAT(image->repo_tags, Contains(kTestImage));
    EXPECT_FALSE(image->has_healthcheck);  // imported from debootstrap: no HEALTHCHECK

    auto missing = docker_.inspect_image("girofle-test/no-such-image:0.0.0");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
    EXPECT_THAT(missing.error().message(), HasSubstr("image girofle-test/no-such-image:0.0.0"));
}

TEST_F(DockerEngineTest, PullOfAnUnreachableImageFailsPromptlyNamingIt) {
    GIROFLE_REQUIRE_DOCKER();
    const std::string reference = "girofle-test/no-such-image:0.0.0";
    const auto began = std::chrono::steady_clock::now();
    auto pulled = docker_.pull_image(reference);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 60s);
    ASSERT_FALSE(pulled);
    // Offline the registry is unreachable; online it would say the repository does not exist.
    EXPECT_THAT(pulled.error().kind, AnyOf(ErrorKind::unavailable, ErrorKind::not_found));
    EXPECT_THAT(pulled.error().message(), HasSubstr("image " + reference));
}

}  // namespace
}  // namespace girofle::testing
