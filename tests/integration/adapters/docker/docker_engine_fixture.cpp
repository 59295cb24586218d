#include "integration/adapters/docker/docker_engine_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "adapters/docker/docker_host.hpp"

namespace girofle::testing {
namespace {

std::string socket_from_environment() {
    auto path = docker_socket_path(std::getenv("DOCKER_HOST"));
    return path ? *path : kDefaultDockerSocket;
}

std::string unique_run_id() {
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return std::to_string(::getpid()) + "-" + std::to_string(ticks % 1'000'000);
}

sockaddr_in socket_address(const std::string& address, int port) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    result.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, address.c_str(), &result.sin_addr);
    return result;
}

}  // namespace

DockerEngineTest::DockerEngineTest()
    : docker_(socket_from_environment()), run_id_(unique_run_id()) {}

void DockerEngineTest::TearDown() {
    for (const auto& name : created_names_) {
        auto removed = docker_.remove_container(name, /*force=*/true);
        if (!removed && removed.error().kind != ErrorKind::not_found)
            ADD_FAILURE() << "cleanup: " << removed.error().message();
    }
}

std::string DockerEngineTest::container_name(const std::string& role) {
    created_names_.push_back("girofle-docker-test-" + run_id_ + "-" + role);
    return created_names_.back();
}

ContainerSpec DockerEngineTest::sleeper(const std::string& role) {
    return ContainerSpec{.name = container_name(role),
                         .image = kTestImage,
                         .command = {"sleep", "infinity"},
                         .labels = {{kTestLabelKey, kTestLabelValue}}};
}

Result<ContainerInfo> DockerEngineTest::inspect_until(
    const std::string& name, const std::function<bool(const ContainerInfo&)>& done,
    std::chrono::milliseconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (true) {
        auto info = docker_.inspect_container(name);
        if (!info || done(*info) || std::chrono::steady_clock::now() > deadline) return info;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

int free_tcp_port(const std::string& address) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in bound = socket_address(address, 0);
    socklen_t length = sizeof bound;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0)
        port = ntohs(bound.sin_port);
    ::close(fd);
    return port;
}

std::string read_tcp_greeting(const std::string& address, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const timeval read_bound{.tv_sec = 2, .tv_usec = 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &read_bound, sizeof read_bound);
    sockaddr_in target = socket_address(address, port);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0) {
        char buffer[256];
        ssize_t n = 0;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
            answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

}  // namespace girofle::testing
