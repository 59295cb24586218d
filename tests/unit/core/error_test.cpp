#include "core/error.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(Error, AboutNamesTheLargerObjectOnceAndKeepsTheKind) {
    const Error docker{ErrorKind::no_space, "docker", "timeout"};
    const Error wrapped = docker.about("instance 3");
    EXPECT_EQ(wrapped.message(), "instance 3: docker: timeout");
    EXPECT_EQ(wrapped.kind, ErrorKind::no_space);
    // Wrapped again by a caller that names the same instance: said once.
    EXPECT_EQ(wrapped.about("instance 3").message(), "instance 3: docker: timeout");
}

}  // namespace
}  // namespace girofle
