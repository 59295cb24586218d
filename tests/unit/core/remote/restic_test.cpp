#include "core/remote/restic.hpp"

#include "core/child_environment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ResticRepository repository(PasswordSource password) {
    return {.location = "rest:https://user:pw@host/repo", .options = {"sftp.command=ssh -p 2222 host"}, .password = password};
}

TEST(ResticCommand, ThePasswordFileTravelsAsAPathAndTheLocationInTheEnvironment) {
    auto request = restic_request(repository({.file = "/etc/girofle/restic", .value = {}}), restic_args::probe(),
                                  std::chrono::minutes(1));
    EXPECT_THAT(request.argv, ElementsAre("restic", "-o", "sftp.command=ssh -p 2222 host", "cat", "config"));
    EXPECT_EQ(request.env.at("RESTIC_PASSWORD_FILE"), "/etc/girofle/restic");
    EXPECT_EQ(request.env.at("RESTIC_REPOSITORY"), "rest:https://user:pw@host/repo");
    EXPECT_THAT(child_environment({"RESTIC_PASSWORD=leak", "AWS_SECRET_ACCESS_KEY=k"}, request),
                Not(Contains("RESTIC_PASSWORD=leak")));
    EXPECT_THAT(child_environment({"AWS_SECRET_ACCESS_KEY=k"}, request), Contains("AWS_SECRET_ACCESS_KEY=k"))
        << "restic needs its storage backend's credentials";
    EXPECT_FALSE(request.stdin_data);
}

TEST(ResticCommand, AnEnvironmentPasswordGoesToStdinAndNotToTheChildsEnvironment) {
    auto request = restic_request(repository({.file = {}, .value = "s3cret"}), restic_args::init(), std::chrono::minutes(1));
    EXPECT_EQ(request.stdin_data, "s3cret");
    auto environment = child_environment({"RESTIC_PASSWORD=s3cret", "RESTIC_PASSWORD_FILE=/old"}, request);
    EXPECT_THAT(environment, Not(Contains("RESTIC_PASSWORD=s3cret")));
    EXPECT_THAT(environment, Not(Contains("RESTIC_PASSWORD_FILE=/old")));
    for (const auto& arg : request.argv) EXPECT_THAT(arg, Not(HasSubstr("s3cret")));
    for (const auto& [name, value] : request.env) EXPECT_THAT(value, Not(HasSubstr("s3cret")));
}

TEST(ResticCommand, ArgumentListsKeepPathsAfterTheOptions) {
    EXPECT_THAT(restic_args::backup({"girofle", "instance=1"}),
                ElementsAre("backup", "--json", "--ignore-ctime", "--tag", "girofle", "--tag", "instance=1", "--", "."))
        << "the working directory (the snapshot) is backed up, so the tree's paths do not change between snapshots";
    EXPECT_THAT(restic_args::restore("abcd1234", "/r/.staging"),
                ElementsAre("restore", "--target", "/r/.staging", "--", "abcd1234"));
    EXPECT_THAT(restic_args::forget({"girofle", "instance=2"}, {.last = 3, .daily = 2, .weekly = 1}),
                ElementsAre("forget", "--prune", "--json", "--tag", "girofle,instance=2", "--group-by", "", "--keep-last",
                            "3", "--keep-daily", "2", "--keep-weekly", "1"));
    EXPECT_THAT(restic_args::check(""), ElementsAre("check"));
    EXPECT_THAT(restic_args::check("all"), ElementsAre("check", "--read-data"));
    EXPECT_THAT(restic_args::check("10%"), ElementsAre("check", "--read-data-subset=10%"));
}

TEST(ResticCommand, FailuresAreSaidInWords) {
    auto failure = [](std::string err) { return restic_failure({.exit_code = 1, .err = std::move(err)}, "remote X"); };
    EXPECT_EQ(failure("Fatal: wrong password or no key found\n").kind, ErrorKind::permission);
    auto missing = failure("Fatal: unable to open config file: stat /x/config: no such file or directory\n"
                           "Is there a repository at the following location?\n/x\n");
    EXPECT_EQ(missing.kind, ErrorKind::not_found);
    EXPECT_EQ(missing.message(), "remote X: no restic repository there");
    EXPECT_EQ(failure("Fatal: unable to open repository at sftp:h:/x: ssh command exited: exit status 255\n").kind,
              ErrorKind::unavailable);
    auto other = failure("Fatal: repository contains errors\n");
    EXPECT_EQ(other.kind, ErrorKind::failed);
    EXPECT_THAT(other.message(), HasSubstr("repository contains errors"));
    const std::string message = other.message();
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_EQ(restic_failure({.exit_code = -1, .timed_out = true}, "remote X").kind, ErrorKind::timeout);
}

TEST(ResticArguments, AReadDataSubsetIsOneOfTheFormsResticCheckAccepts) {
    for (const char* good : {"1/5", "5/5", "10%", "2.5%", "100%", "500M", "2G", "1t", "4096"})
        EXPECT_TRUE(validate_read_data_subset(good)) << good;
    for (const char* bad : {"bogus", "", "0/5", "6/5", "1/0", "0%", "101%", "%", "10.%", "2GB", "-1G", "1.5G", "1/2/3"}) {
        auto refused = validate_read_data_subset(bad);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().kind, ErrorKind::usage) << bad;
        EXPECT_EQ(refused.error().object, "--read-data-subset '" + std::string(bad) + "'");
    }
}

}  // namespace
}  // namespace girofle
