#include "core/remote/settings.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(RemoteSettings, ReadsTheRepositoryItsOptionsRetentionAndPerInstanceRepositories) {
    auto settings = remote_settings_from_json(
        nlohmann::json::parse(R"({"repository": "/srv/restic", "password_file": "/etc/girofle/restic",
            "options": ["sftp.command=ssh -p 2222 host -s sftp"], "keep": {"last": 3, "weekly": 8},
            "instances": {"wiki": "sftp:b@host:/wiki", "4": "/srv/four"}})"),
        "girofle.json");
    ASSERT_TRUE(settings) << settings.error().message();
    EXPECT_EQ(settings->keep.last, 3);
    EXPECT_EQ(settings->keep.daily, 7);
    EXPECT_EQ(settings->keep.weekly, 8);
    EXPECT_EQ(settings->repository_for(1, "wiki"), "sftp:b@host:/wiki");
    EXPECT_EQ(settings->repository_for(4, ""), "/srv/four");
    EXPECT_EQ(settings->repository_for(2, "docs"), "/srv/restic");
}

TEST(RemoteSettings, UnknownKeysAndBadValuesAreUsageErrorsNamingTheFile) {
    for (const char* text : {R"({"repo": "/x"})", R"({"keep": {"monthly": 2}})", R"({"keep": {"last": 0}})",
                             R"({"repository": "relative"})", R"({"options": ["--insecure"]})",
                             R"({"instances": {"wiki": "ftp:x"}})", R"([])"}) {
        auto settings = remote_settings_from_json(nlohmann::json::parse(text), "girofle.json");
        ASSERT_FALSE(settings) << text;
        EXPECT_EQ(settings.error().kind, ErrorKind::usage) << text;
        EXPECT_TRUE(settings.error().message().starts_with("girofle.json")) << settings.error().message();
    }
}

}  // namespace
}  // namespace girofle
