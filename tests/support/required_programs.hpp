// Integration tests need real servers. When one is not installed, a test is skipped with the
// reason on a developer's machine, and fails in CI (CI is set), where skipping would hide it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace girofle::testing {

// The first program (a path, or a name looked up in PATH) that cannot be run, if any.
std::optional<std::string> missing_program(const std::vector<std::string>& programs);

}  // namespace girofle::testing

#define GIROFLE_REQUIRE_PROGRAMS(...)                                                       \
    do {                                                                                    \
        if (auto missing = ::girofle::testing::missing_program({__VA_ARGS__})) {            \
            if (std::getenv("CI") != nullptr) FAIL() << "required program missing: " << *missing; \
            GTEST_SKIP() << "required program missing: " << *missing;                       \
        }                                                                                   \
    } while (false)
