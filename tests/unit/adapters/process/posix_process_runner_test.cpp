#include "adapters/process/posix_process_runner.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace girofle {
namespace {

using namespace std::chrono_literals;

TEST(PosixProcessRunner, ArgumentsReachTheChildVerbatimWithoutAShell) {
    PosixProcessRunner runner;
    auto result = runner.run({.argv = {"printf", "%s|", "a b", "$(rm -rf /)", "'; ls"}});
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(result->out, "a b|$(rm -rf /)|'; ls|");
}

TEST(PosixProcessRunner, FeedsStdinAndSeparatesOutputStreams) {
    PosixProcessRunner runner;
    auto result = runner.run({.argv = {"sh", "-c", "cat; echo oops >&2; exit 3"},
                              .stdin_data = std::string(200000, 'x')});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->exit_code, 3);
    EXPECT_EQ(result->out.size(), 200000u);
    EXPECT_EQ(result->err, "oops\n");
}

TEST(PosixProcessRunner, StdoutLinesReachTheCallerWhileTheChildRuns) {
    // The child writes its second line only once the caller has seen the first: lines held
    // until the end would leave it waiting until its timeout.
    testing::TempDir dir("girofle-lines");
    const auto seen = dir.path() / "seen";
    PosixProcessRunner runner;
    std::vector<std::string> lines;
    ProcessRequest request{.argv = {"sh", "-c", "echo one; while [ ! -e \"$1\" ]; do sleep 0.05; done; printf 'two\\nthree'",
                                    "sh", seen.string()},
                           .timeout = 20s};
    request.on_stdout_line = [&](const std::string& line) {
        lines.push_back(line);
        if (line == "one") std::ofstream(seen.string()).put('1');
    };
    auto result = runner.run(request);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->timed_out) << "the first line did not reach the caller while the child ran";
    EXPECT_EQ(result->exit_code, 0);
    EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"})) << "a last line without its newline is not complete";
    EXPECT_EQ(result->out, "one\ntwo\nthree") << "the output is still collected";
}

TEST(PosixProcessRunner, EnvironmentIsSetAndRemovedPerChild) {
    ::setenv("GIROFLE_TEST_INHERITED", "inherited", 1);
    ::setenv("GIROFLE_TEST_SECRET", "hidden", 1);
    PosixProcessRunner runner;
    auto result = runner.run({.argv = {"sh", "-c",
                                       "echo \"$GIROFLE_TEST_INHERITED/$GIROFLE_TEST_SECRET/"
                                       "$GIROFLE_TEST_ADDED\""},
                              .env = {{"GIROFLE_TEST_ADDED", "added"}},
                              .env_remove = {"GIROFLE_TEST_SECRET"}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->out, "inherited//added\n");
}

TEST(PosixProcessRunner, TimeoutEndsTheChildAndItsChildren) {
    PosixProcessRunner runner;
    auto started = std::chrono::steady_clock::now();
    auto result = runner.run({.argv = {"sh", "-c", "sleep 30 & sleep 30"}, .timeout = 300ms});
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->timed_out);
    EXPECT_FALSE(result->succeeded());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(PosixProcessRunner, MissingProgramIsNotFound) {
    PosixProcessRunner runner;
    auto result = runner.run({.argv = {"girofle-no-such-program"}});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::not_found);
    EXPECT_NE(result.error().message().find("girofle-no-such-program"), std::string::npos);
}

TEST(PosixProcessRunner, AChildDiesWhenGirofleIsKilled) {
    int pid_pipe[2];
    ASSERT_EQ(::pipe(pid_pipe), 0);
    pid_t middle = ::fork();
    if (middle == 0) {  // stands for a girofle process that gets kill -9
        auto child = start_process({.argv = {"sleep", "60"}});
        pid_t grandchild = child ? child->pid() : -1;
        (void)!::write(pid_pipe[1], &grandchild, sizeof grandchild);
        ::pause();
        ::_exit(0);
    }
    pid_t grandchild = -1;
    ASSERT_EQ(::read(pid_pipe[0], &grandchild, sizeof grandchild), static_cast<ssize_t>(sizeof grandchild));
    ASSERT_GT(grandchild, 0);
    EXPECT_EQ(::kill(grandchild, 0), 0);
    ::kill(middle, SIGKILL);
    ::waitpid(middle, nullptr, 0);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        // Reaped by init once killed; until then it may linger as a zombie.
        const std::string stat_path = "/proc/" + std::to_string(grandchild) + "/stat";
        gone = !std::filesystem::exists(stat_path) || testing::read_file(stat_path).find(") Z") != std::string::npos;
        if (!gone) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(gone || ::kill(grandchild, 0) != 0);
}

TEST(TailOf, KeepsTheEndOnOneLine) {
    EXPECT_EQ(tail_of("first\nsecond\n"), "first second");
    EXPECT_EQ(tail_of(std::string(10, 'a') + "END", 5), "...aaEND");
}

}  // namespace
}  // namespace girofle
