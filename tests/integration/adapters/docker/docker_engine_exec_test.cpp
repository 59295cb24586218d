// Commands inside a running container, and its logs: how Girofle reads GitLab's VERSION,
// runs gitlab-backup, and explains a failed start.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/adapters/docker/docker_engine_fixture.hpp"
#include "support/result_assertions.hpp"

namespace girofle::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST_F(DockerEngineTest, ExecReturnsStdoutStderrAndExitCodeSeparately) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("exec");
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    auto result = docker_.exec(
        spec.name, {"sh", "-c", "echo to-out; echo to-err >&2; echo more-out; exit 3"}, 10s);
    ASSERT_TRUE(succeeded(result));
    EXPECT_EQ(result->out, "to-out\nmore-out\n");
    EXPECT_EQ(result->err, "to-err\n");
    EXPECT_EQ(result->exit_code, 3);

    // Arguments arrive verbatim: no shell between Girofle and the container.
    auto verbatim = docker_.exec(spec.name, {"printf", "%s|", "a b", "$(id)", "'"}, 10s);
    ASSERT_TRUE(succeeded(verbatim));
    EXPECT_EQ(verbatim->out, "a b|$(id)|'|");
    EXPECT_EQ(verbatim->exit_code, 0);

    // Output larger than one stream frame comes back whole.
    auto large = docker_.exec(spec.name, {"head", "-c", "300000", "/dev/zero"}, 10s);
    ASSERT_TRUE(succeeded(large));
    EXPECT_EQ(large->out.size(), 300000u);
}

TEST_F(DockerEngineTest, ExecIsBoundedByItsTimeout) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("exec-timeout");
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    const auto began = std::chrono::steady_clock::now();
    auto result = docker_.exec(spec.name, {"sleep", "30"}, 1s);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 5s);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
    EXPECT_THAT(result.error().message(), HasSubstr(spec.name));
    EXPECT_THAT(result.error().message(), HasSubstr("sleep"));
}

TEST_F(DockerEngineTest, ExecInAStoppedContainerIsAConflict) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("exec-stopped");
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    auto result = docker_.exec(spec.name, {"true"}, 5s);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::conflict);
    EXPECT_THAT(result.error().message(), HasSubstr("not running"));
}

TEST_F(DockerEngineTest, LogsTailGivesTheLastLinesOfBothStreams) {
    GIROFLE_REQUIRE_DOCKER();
    ContainerSpec spec = sleeper("logs");
    spec.command = {"sh", "-c",
                    "for i in 1 2 3 4 5; do echo line$i; done; sleep 0.3; "
                    "echo warning >&2; exec sleep infinity"};
    ASSERT_TRUE(succeeded(docker_.create_container(spec)));
    ASSERT_TRUE(succeeded(docker_.start_container(spec.name)));

    std::string everything;
    for (int attempt = 0; attempt < 50 && everything.find("warning") == std::string::npos;
         ++attempt) {
        auto all = docker_.logs(spec.name, -1);
        ASSERT_TRUE(succeeded(all));
        everything = *all;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(everything, "line1\nline2\nline3\nline4\nline5\nwarning\n");
    auto tail = docker_.logs(spec.name, 3);
    ASSERT_TRUE(succeeded(tail));
    EXPECT_EQ(*tail, "line4\nline5\nwarning\n");
}

}  // namespace
}  // namespace girofle::testing
