#include "core/remote/password.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;
using testing::write_file;

EnvironmentLookup environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

std::filesystem::path password_file(const TempDir& dir, mode_t mode) {
    auto file = dir / "password";
    write_file(file, "secret\n");
    ::chmod(file.c_str(), mode);
    return file;
}

TEST(RemotePassword, TheConfiguredFileComesFirstAndIsGivenAsAPath) {
    TempDir dir;
    auto file = password_file(dir, 0600);
    auto source = find_password(file.string(), environment({{"RESTIC_PASSWORD", "other"}}));
    ASSERT_TRUE(source) << source.error().message();
    EXPECT_EQ(source->file, file);
    EXPECT_FALSE(source->value);
}

TEST(RemotePassword, AFileGroupOrOthersCanReadIsRefusedByName) {
    TempDir dir;
    for (mode_t mode : {0640, 0604, 0660}) {
        auto file = password_file(dir, mode);
        auto source = find_password("", environment({{"RESTIC_PASSWORD_FILE", file.string()}}));
        ASSERT_FALSE(source);
        EXPECT_EQ(source.error().kind, ErrorKind::usage);
        EXPECT_NE(source.error().message().find(file.string()), std::string::npos);
        EXPECT_NE(source.error().message().find("chmod 600"), std::string::npos);
    }
}

TEST(RemotePassword, MissingAndEmptyFilesAreRefused) {
    TempDir dir;
    EXPECT_FALSE(find_password((dir / "none").string(), environment({})));
    auto empty = dir / "empty";
    write_file(empty, "");
    ::chmod(empty.c_str(), 0600);
    EXPECT_FALSE(find_password(empty.string(), environment({})));
}

TEST(RemotePassword, TheEnvironmentValueIsTheLastResort) {
    auto source = find_password("", environment({{"RESTIC_PASSWORD", "from-env"}}));
    ASSERT_TRUE(source);
    EXPECT_EQ(source->value, "from-env");
    auto none = find_password("", environment({}));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().kind, ErrorKind::usage);
}

}  // namespace
}  // namespace girofle
