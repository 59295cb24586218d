// Where `girofle sync` finds credentials: the credentials file and the SSH agent.
#include <sys/stat.h>

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/process/posix_process_runner.hpp"
#include "client_fixture.hpp"
#include "support/required_programs.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const FileContents kInitial = {{"README.md", "# Project\n"}, {"notes.txt", "first\n"}};

class CredentialsFile : public ClientTest {
protected:
    void SetUp() override {
        make_project(ServerKind::http, kInitial);
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
        use_server_credentials = false;
        const auto environment = server->client_environment();
        // "correct horse": the space percent-encoded, as in git's credential store.
        write_file(file, "# test server\n" + std::string("http://") +
                             environment.at("GIROFLE_GIT_USERNAME") + ":correct%20horse@" +
                             server->url("").substr(std::string("http://").size()) + "\n");
        write_files(work, {{"notes.txt", "committed here\n"}});
        git.run(work, {"commit", "-q", "-am", "local work"});
    }

    std::filesystem::path file = home / ".config" / "girofle" / "credentials";
};

TEST_F(CredentialsFile, OwnerOnlyFileIsUsed) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    ::chmod(file.c_str(), 0600);
    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(git.rev_parse(bare, "main"), git.rev_parse(work, "HEAD"));
}

TEST_F(CredentialsFile, FileOthersMayReadIsRefused) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    ::chmod(file.c_str(), 0644);
    const ProjectState before = state();
    auto result = girofle({"sync", work.string()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err,
                HasSubstr(file.string() + ": refused: group or others may read this "
                                          "credentials file (mode 0644); run chmod 600"));
    EXPECT_THAT(result.err, Not(HasSubstr("horse")));
    EXPECT_EQ(state(), before);
}

using SshAgent = ClientTest;

TEST_F(SshAgent, KeyHeldByTheAgentIsUsed) {
    GIROFLE_REQUIRE_PROGRAMS("ssh-agent", "ssh-add");
    make_project(ServerKind::ssh, kInitial);
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const auto socket = temp / "agent.sock";
    auto agent = start_process(
        {.argv = {"ssh-agent", "-D", "-a", socket.string()}, .capture_output = false});
    ASSERT_TRUE(agent) << agent.error().message();
    for (int i = 0; i < 200 && !std::filesystem::exists(socket); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    const auto key = home / ".ssh" / "id_ed25519";
    PosixProcessRunner runner;
    auto added = runner.run({.argv = {"ssh-add", "-q", key.string()},
                             .env = {{"SSH_AUTH_SOCK", socket.string()}}});
    ASSERT_TRUE(added && added->succeeded());
    // Only the agent can authenticate now.
    std::filesystem::rename(key, temp / "moved-key");

    write_files(work, {{"notes.txt", "through the agent\n"}});
    auto result = girofle({"sync", work.string()}, {{"SSH_AUTH_SOCK", socket.string()}});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(git.files_at(bare, "main").at("notes.txt"), "through the agent\n");
}

}  // namespace
}  // namespace girofle::testing
