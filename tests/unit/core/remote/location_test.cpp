#include "core/remote/location.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(RemoteLocation, AcceptsAbsolutePathsAndResticBackends) {
    for (const char* location : {"/srv/restic", "sftp:backup@host:/srv/restic", "rest:https://host:8000/",
                                 "s3:s3.amazonaws.com/bucket", "rclone:remote:path"})
        EXPECT_TRUE(validate_location(location)) << location;
}

TEST(RemoteLocation, RefusesWhatResticCouldMisreadAsUsageErrors) {
    for (const char* location : {"", "relative/path", "-o", "--repo=/x", "sftp:", "ftp://host/x", "/srv/re\nstic"}) {
        auto valid = validate_location(location);
        ASSERT_FALSE(valid) << location;
        EXPECT_EQ(valid.error().kind, ErrorKind::usage);
    }
}

TEST(RemoteLocation, RedactsAPasswordInAUrl) {
    EXPECT_EQ(redacted_location("rest:https://user:s3cret@host:8000/repo"), "rest:https://user:***@host:8000/repo");
    EXPECT_EQ(redacted_location("sftp:user@host:/srv"), "sftp:user@host:/srv");
    EXPECT_EQ(redacted_location("rest:https://host:8000/a@b"), "rest:https://host:8000/a@b");
}

}  // namespace
}  // namespace girofle
