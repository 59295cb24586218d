#include "core/child_environment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle {
namespace {

using ::testing::Contains;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

const std::vector<std::string> kParent = {
    "PATH=/usr/bin", "HOME=/root", "RESTIC_PASSWORD=s3cret", "RESTIC_PASSWORD_COMMAND=pass show r",
    "ETCDCTL_PASSWORD=etcd-secret", "AWS_SECRET_ACCESS_KEY=aws-secret", "B2_ACCOUNT_KEY=b2-secret",
    "TZ=Europe/Paris"};

TEST(ChildEnvironment, RsyncSshAndGitGetNoSecretAtAll) {
    ProcessRequest rsync{.argv = {"rsync"}};
    EXPECT_THAT(child_environment(kParent, rsync), UnorderedElementsAre("PATH=/usr/bin", "HOME=/root", "TZ=Europe/Paris"));
}

TEST(ChildEnvironment, ResticKeepsItsStorageCredentialsButNeverGirofleSecrets) {
    ProcessRequest restic{.argv = {"restic"}, .storage_credentials = true};
    EXPECT_THAT(child_environment(kParent, restic),
                UnorderedElementsAre("PATH=/usr/bin", "HOME=/root", "TZ=Europe/Paris", "AWS_SECRET_ACCESS_KEY=aws-secret",
                                     "B2_ACCOUNT_KEY=b2-secret"));
}

TEST(ChildEnvironment, OnlyASecretTheRequestNamesOnPurposeIsPassedOn) {
    ProcessRequest deliberate{.argv = {"girofle"}, .env = {{"RESTIC_PASSWORD", "given"}}};
    auto environment = child_environment(kParent, deliberate);
    EXPECT_THAT(environment, Contains("RESTIC_PASSWORD=given"));
    EXPECT_THAT(environment, Not(Contains("RESTIC_PASSWORD=s3cret")));
    EXPECT_THAT(environment, Not(Contains("ETCDCTL_PASSWORD=etcd-secret")));
}

TEST(ChildEnvironment, RequestsReplaceAndRemoveInheritedEntries) {
    ProcessRequest request{.argv = {"git"}, .env = {{"HOME", "/tmp/h"}}, .env_remove = {"TZ"}};
    EXPECT_THAT(child_environment(kParent, request), UnorderedElementsAre("PATH=/usr/bin", "HOME=/tmp/h"));
}

}  // namespace
}  // namespace girofle
