// Docker tests run against the real engine. Without one they are skipped with the reason on a
// workstation, but fail under CI (the CI variable set): a silent skip there would hide a broken
// test substrate behind a green run.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "adapters/docker/docker_host.hpp"

namespace girofle::testing {

// Why the engine named by the environment cannot be used, or nullopt when it answers.
inline std::optional<std::string> docker_unavailable_reason() {
    auto client = docker_engine_from_environment();
    if (!client) return client.error().message();
    auto version = (*client)->version();
    if (!version) return version.error().message();
    return std::nullopt;
}

}  // namespace girofle::testing

// First statement of every Docker test.
#define GIROFLE_REQUIRE_DOCKER()                                                                  \
    do {                                                                                          \
        if (const auto girofle_docker_reason = ::girofle::testing::docker_unavailable_reason()) { \
            if (std::getenv("CI") != nullptr) {                                                   \
                FAIL() << "the Docker engine is required under CI: " << *girofle_docker_reason;   \
            } else {                                                                              \
                GTEST_SKIP() << "no Docker engine: " << *girofle_docker_reason;                   \
            }                                                                                     \
        }                                                                                         \
    } while (false)
