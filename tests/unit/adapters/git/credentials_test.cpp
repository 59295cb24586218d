#include "adapters/git/credentials.hpp"

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace girofle::git {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Sets environment variables for one test and restores them after.
class ScopedEnvironment {
public:
    void set(const std::string& name, const std::string& value) {
        const char* old = std::getenv(name.c_str());
        saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnvironment() {
        for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
            if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
            else ::unsetenv(it->first.c_str());
        }
    }

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

class CredentialsTest : public ::testing::Test {
protected:
    CredentialsTest() {
        for (const char* name :
             {"GIROFLE_GIT_USERNAME", "GIROFLE_GIT_PASSWORD", "GIROFLE_GIT_TOKEN"})
            environment.set(name, "");
        environment.set("GIROFLE_CREDENTIALS_FILE", file.string());
    }

    void write_credentials(const std::string& text, mode_t mode = 0600) {
        testing::write_file(file, text);
        ::chmod(file.c_str(), mode);
    }

    testing::TempDir temp{"girofle-credentials-test"};
    std::filesystem::path file = temp / "credentials";
    ScopedEnvironment environment;
};

TEST_F(CredentialsTest, FileEntriesMatchSchemeHostPortAndPath) {
    write_credentials(
        "# team server\n"
        "https://alice:s%40cret@git.example.org/team\n"
        "https://bob:other@git.example.org:8443\n"
        "http://carol:plain@127.0.0.1:8080\n");
    auto team = password_candidates("https://git.example.org/team/app.git");
    ASSERT_TRUE(team) << team.error().message();
    ASSERT_EQ(team->size(), 1u);
    EXPECT_EQ((*team)[0].username, "alice");
    EXPECT_EQ((*team)[0].password, "s@cret");
    EXPECT_EQ((*team)[0].source, file.string() + " line 2");

    auto elsewhere = password_candidates("https://git.example.org/other/app.git");
    ASSERT_TRUE(elsewhere);
    EXPECT_TRUE(elsewhere->empty());
    auto port = password_candidates("https://git.example.org:8443/x.git");
    ASSERT_TRUE(port);
    ASSERT_EQ(port->size(), 1u);
    EXPECT_EQ((*port)[0].username, "bob");
    auto plain = password_candidates("http://127.0.0.1:8080/repo.git");
    ASSERT_TRUE(plain);
    ASSERT_EQ(plain->size(), 1u);
    EXPECT_EQ((*plain)[0].username, "carol");
}

TEST_F(CredentialsTest, UserNameInTheUrlSelectsTheEntry) {
    write_credentials("https://alice:a@h\nhttps://bob:b@h\n");
    auto found = password_candidates("https://bob@h/x.git");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].password, "b");
}

TEST_F(CredentialsTest, EnvironmentComesBeforeTheFile) {
    write_credentials("https://alice:fromfile@h\n");
    environment.set("GIROFLE_GIT_TOKEN", "tok");
    auto found = password_candidates("https://h/x.git");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].username, "oauth2");
    EXPECT_EQ((*found)[0].password, "tok");
    EXPECT_EQ((*found)[0].source, "GIROFLE_GIT_TOKEN");
    EXPECT_EQ((*found)[1].password, "fromfile");
}

TEST_F(CredentialsTest, FileOthersMayReadIsRefused) {
    write_credentials("https://alice:secret@h\n", 0644);
    auto found = password_candidates("https://h/x.git");
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().kind, ErrorKind::permission);
    EXPECT_THAT(found.error().message(), HasSubstr("chmod 600"));
    EXPECT_THAT(found.error().message(), Not(HasSubstr("secret")));
}

TEST_F(CredentialsTest, MalformedLineNamesTheLineNotTheSecret) {
    write_credentials("https://alice:good@h\nhttps://nopassword-secretish@h\n");
    auto found = password_candidates("https://h/x.git");
    ASSERT_FALSE(found);
    EXPECT_THAT(found.error().object, HasSubstr("line 2"));
    EXPECT_THAT(found.error().message(), Not(HasSubstr("secretish")));
}

TEST_F(CredentialsTest, MissingFileMeansNoCandidates) {
    auto found = password_candidates("https://h/x.git");
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->empty());
}

}  // namespace
}  // namespace girofle::git
