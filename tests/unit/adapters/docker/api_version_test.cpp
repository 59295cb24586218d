#include "adapters/docker/api_version.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle::docker_api {
namespace {

using ::testing::HasSubstr;

TEST(DockerApiVersion, SpeaksTheOlderOfTheEngineAndUs) {
    EXPECT_EQ(negotiate_api_version("1.41", "1.12"), "1.41");  // Debian 12's docker.io
    EXPECT_EQ(negotiate_api_version("1.40", ""), "1.40");
    EXPECT_EQ(negotiate_api_version("1.45", "1.24"), std::string(kNewestKnownApi));
}

TEST(DockerApiVersion, ComparesNumbersNotText) {
    EXPECT_LT(*parse_api_version("1.9"), *parse_api_version("1.10"));
    EXPECT_EQ(negotiate_api_version("1.100", "1.24"), std::string(kNewestKnownApi));
}

TEST(DockerApiVersion, RefusesAnEngineOlderThanWeSupport) {
    auto negotiated = negotiate_api_version("1.39", "1.12");
    ASSERT_FALSE(negotiated);
    EXPECT_THAT(negotiated.error().message(), HasSubstr("1.39"));
    EXPECT_THAT(negotiated.error().message(), HasSubstr("upgrade Docker"));
}

TEST(DockerApiVersion, RefusesAnEngineThatDroppedEveryVersionWeKnow) {
    auto negotiated = negotiate_api_version("2.5", "2.0");
    ASSERT_FALSE(negotiated);
    EXPECT_THAT(negotiated.error().message(), HasSubstr("too old"));
}

TEST(DockerApiVersion, UnreadableVersionIsAnError) {
    EXPECT_FALSE(negotiate_api_version("", ""));
    EXPECT_FALSE(negotiate_api_version("one.forty", ""));
    EXPECT_FALSE(parse_api_version("1.41x"));
}

}  // namespace
}  // namespace girofle::docker_api
