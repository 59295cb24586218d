// ASSERT_TRUE(succeeded(result)): a failed Result prints its error instead of "false".
#pragma once

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace girofle::testing {

template <typename T>
::testing::AssertionResult succeeded(const Result<T>& result) {
    if (result) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << result.error().message() << " [" << to_string(result.error().kind) << "]";
}

}  // namespace girofle::testing
