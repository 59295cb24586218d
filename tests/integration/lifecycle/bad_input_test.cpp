// Acceptance: each kind of bad input gets one line naming the object and the cause, the
// right exit status, and leaves the inventory, the containers and the files as they were.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class BadInput : public GitlabTest {
protected:
    void SetUp() override {
        GitlabTest::SetUp();
        if (HasFatalFailure() || IsSkipped()) return;
        existing_ = commission({"--name", "wiki", "--ip", "127.0.0.31"});
        ASSERT_FALSE(existing_.empty());
    }

    // Runs girofle, expects `status` and exactly one stderr line containing `message`,
    // and checks that nothing observable changed.
    void expect_refused(const std::vector<std::string>& args, int status, const std::string& message,
                        const std::map<std::string, std::string>& env = {}) {
        const std::string before = observable_state();
        auto result = girofle(args, env);
        EXPECT_EQ(result.status, status) << describe(args) << "\n" << result.err;
        EXPECT_EQ(result.err.rfind("girofle: error: ", 0), 0u) << result.err;
        EXPECT_NE(result.err.find(message), std::string::npos) << "expected: " << message << "\ngot: " << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        EXPECT_TRUE(result.out.empty()) << result.out;
        EXPECT_EQ(observable_state(), before) << describe(args) << " changed something";
    }

    std::vector<std::string> commission_args(std::vector<std::string> extra) {
        std::vector<std::string> args = {"commission", "--image", kStandinImage, "--timeout", "60"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    nlohmann::json existing_;
};

TEST_F(BadInput, InvalidName) {
    expect_refused(commission_args({"--name", "Not_Valid", "--ip", "127.0.0.32"}), 2,
                   "name 'Not_Valid': invalid");
}

TEST_F(BadInput, DuplicateName) {
    expect_refused(commission_args({"--name", "wiki", "--ip", "127.0.0.32"}), 2,
                   "name 'wiki': already used by instance 1 (noeud-gitlab-1-wiki)");
}

TEST_F(BadInput, UnknownInstance) {
    expect_refused({"status", "nosuch"}, 2, "instance 'nosuch': no such instance");
    expect_refused({"decommission", "42", "--no-backup"}, 2, "instance '42': no such instance");
}

TEST_F(BadInput, AddressNotOnTheHost) {
    expect_refused(commission_args({"--ip", "203.0.113.77"}), 2,
                   "address 203.0.113.77: not an address of this host");
    expect_refused(commission_args({"--ip", "127.0.0.999"}), 2, "address '127.0.0.999': not an IPv4 address");
}

TEST_F(BadInput, AddressUsedByAnInstanceOrAnotherProgram) {
    expect_refused(commission_args({"--ip", "127.0.0.31"}), 2,
                   "address 127.0.0.31: taken by instance 1 (noeud-gitlab-1-wiki)");
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(443);
    ::inet_pton(AF_INET, "127.0.0.33", &address.sin_addr);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    expect_refused(commission_args({"--ip", "127.0.0.33"}), 2,
                   "address 127.0.0.33: port 443 is already in use (something listens on 127.0.0.33:443)");
    ::close(listener);
}

TEST_F(BadInput, DockerSocketMissing) {
    expect_refused(commission_args({"--ip", "127.0.0.32"}), 1,
                   "cannot reach the Docker engine at /nonexistent/docker.sock",
                   {{"DOCKER_HOST", "unix:///nonexistent/docker.sock"}});
}

TEST_F(BadInput, ImageMissing) {
    expect_refused({"commission", "--ip", "127.0.0.32", "--image", "girofle/no-such-image:1.0.0"}, 1,
                   "image girofle/no-such-image:1.0.0: not present locally and cannot be pulled");
}

TEST_F(BadInput, ImageNotPinned) {
    expect_refused({"commission", "--ip", "127.0.0.32", "--image", "gitlab/gitlab-ce:latest"}, 2,
                   "image 'gitlab/gitlab-ce:latest': give a pinned version tag");
}

TEST_F(BadInput, ReadinessTimeoutRollsBack) {
    expect_refused({"commission", "--ip", "127.0.0.32", "--image", kNeverReadyImage, "--timeout", "6"}, 1,
                   "instance 2 (noeud-gitlab-2): not ready after 6 s (readiness probe:");
}

TEST_F(BadInput, UnhealthyContainerRollsBack) {
    expect_refused({"commission", "--ip", "127.0.0.32", "--image", kUnhealthyImage, "--timeout", "60"}, 1,
                   "instance 2 (noeud-gitlab-2): container is unhealthy:");
}

TEST_F(BadInput, MalformedRootConfiguration) {
    write_file(root() / "girofle.json", "{\"address_pool\": [\"127.0.0.40\"], \"colour\": 1}");
    auto result = girofle(commission_args({}));
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.err.find("girofle.json: unknown setting 'colour'"), std::string::npos) << result.err;
    std::filesystem::remove(root() / "girofle.json");
}

}  // namespace
}  // namespace girofle::testing
