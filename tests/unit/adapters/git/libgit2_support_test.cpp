#include "adapters/git/libgit2_support.hpp"

#include <gtest/gtest.h>

namespace girofle::git {
namespace {

TEST(WithoutUrlPasswords, RemovesThePasswordKeepsTheUser) {
    EXPECT_EQ(without_url_passwords("failed to reach https://alice:s3cret@host:8443/x.git: 401"),
              "failed to reach https://alice@host:8443/x.git: 401");
    EXPECT_EQ(without_url_passwords("ssh://git@host/x.git"), "ssh://git@host/x.git");
    EXPECT_EQ(without_url_passwords("http://host/x.git"), "http://host/x.git");
}

}  // namespace
}  // namespace girofle::git
