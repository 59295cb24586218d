// Shared ground for the Docker adapter's integration tests: a client for the real engine, and
// containers that are labelled, uniquely named and always removed, even when a test fails.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "adapters/docker/docker_engine_client.hpp"
#include "support/docker_required.hpp"

namespace girofle::testing {

// The one local image the substrate guarantees; minimal, but it has sh, sleep and perl.
inline constexpr const char* kTestImage = "debian:bookworm-slim";
// Every container these tests create carries it, so that a stray one is easy to find.
inline constexpr const char* kTestLabelKey = "io.girofle.test";
inline constexpr const char* kTestLabelValue = "docker-adapter";
// The "host address" these tests publish ports on; loopback only.
inline constexpr const char* kTestAddress = "127.0.0.211";

class DockerEngineTest : public ::testing::Test {
protected:
    DockerEngineTest();
    void TearDown() override;

    // A name unique to this run, remembered so that TearDown removes the container.
    std::string container_name(const std::string& role);
    // A labelled container of the test image that sleeps until killed.
    ContainerSpec sleeper(const std::string& role);

    // Polls inspect until `done` holds or `bound` passes; returns the last inspection.
    Result<ContainerInfo> inspect_until(const std::string& name,
                                        const std::function<bool(const ContainerInfo&)>& done,
                                        std::chrono::milliseconds bound);

    DockerEngineClient docker_;
    const std::string run_id_;  // distinguishes this run's containers from any other's

private:
    std::vector<std::string> created_names_;
};

// A TCP port nothing listens on at `address` right now.
int free_tcp_port(const std::string& address);

// The whole answer of a TCP server at address:port, or "" when the connection fails.
std::string read_tcp_greeting(const std::string& address, int port);

}  // namespace girofle::testing
