#include "core/client/safety_checks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle::client {
namespace {

using ::testing::HasSubstr;

FolderStatus healthy() {
    return {.work_tree = "/home/me/work",
            .branch = "main",
            .upstream = Upstream{.remote = "origin", .merge_ref = "refs/heads/main"}};
}

TEST(SafetyChecks, HealthyFolderPasses) {
    EXPECT_TRUE(check_safe_to_save(healthy()));
    auto upstream = check_safe_to_sync(healthy());
    ASSERT_TRUE(upstream);
    EXPECT_EQ(upstream->short_name(), "origin/main");
}

TEST(SafetyChecks, PendingOperationsAreRefusedWithTheWayOut) {
    for (auto [pending, way_out] : {std::pair{PendingOperation::merge, "git merge --abort"},
                                    std::pair{PendingOperation::rebase, "git rebase --abort"},
                                    std::pair{PendingOperation::cherry_pick, "cherry-pick"},
                                    std::pair{PendingOperation::bisect, "git bisect reset"}}) {
        FolderStatus status = healthy();
        status.pending = pending;
        auto checked = check_safe_to_save(status);
        ASSERT_FALSE(checked) << to_string(pending);
        EXPECT_EQ(checked.error().kind, ErrorKind::usage);
        EXPECT_EQ(checked.error().object, "/home/me/work");
        EXPECT_THAT(checked.error().cause, HasSubstr(way_out));
    }
}

TEST(SafetyChecks, DetachedHeadIsRefused) {
    FolderStatus status = healthy();
    status.detached_head = true;
    status.branch.clear();
    auto checked = check_safe_to_sync(status);
    ASSERT_FALSE(checked);
    EXPECT_THAT(checked.error().cause, HasSubstr("HEAD is detached"));
}

TEST(SafetyChecks, IndexLockIsReportedNeverRemoved) {
    FolderStatus status = healthy();
    status.index_lock = "/home/me/work/.git/index.lock";
    auto checked = check_safe_to_save(status);
    ASSERT_FALSE(checked);
    EXPECT_THAT(checked.error().cause, HasSubstr("/home/me/work/.git/index.lock"));
    EXPECT_THAT(checked.error().cause, HasSubstr("if none is running, remove that file"));
}

Upstream on(const std::string& remote) {
    return {.remote = remote,
            .url = "https://git.example/" + remote + ".git",
            .merge_ref = "refs/heads/main",
            .tracking_ref = "refs/remotes/" + remote + "/main"};
}

TEST(SafetyChecks, WithoutAnUpstreamTheOnlyRemoteIsChosenAsGitPushUWould) {
    FolderStatus status = healthy();
    status.upstream.reset();
    status.candidate_upstreams = {on("gitlab")};
    auto checked = check_safe_to_sync(status);
    ASSERT_TRUE(checked) << checked.error().message();
    EXPECT_EQ(checked->short_name(), "gitlab/main");
}

TEST(SafetyChecks, WithoutAnUpstreamOriginIsChosenAmongSeveralRemotes) {
    FolderStatus status = healthy();
    status.upstream.reset();
    status.candidate_upstreams = {on("backup"), on("origin"), on("zeta")};
    auto checked = check_safe_to_sync(status);
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->tracking_ref, "refs/remotes/origin/main");
}

TEST(SafetyChecks, SyncNeedsARemoteButSaveDoesNot) {
    FolderStatus status = healthy();
    status.upstream.reset();
    EXPECT_TRUE(check_safe_to_save(status));
    auto checked = check_safe_to_sync(status);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().exit_status(), 2);
    EXPECT_THAT(checked.error().cause, HasSubstr("no remote to sync with"));
    EXPECT_THAT(checked.error().cause, HasSubstr("git remote add origin URL"));
}

TEST(SafetyChecks, SeveralRemotesNoneNamedOriginIsAChoiceForTheUser) {
    FolderStatus status = healthy();
    status.upstream.reset();
    status.candidate_upstreams = {on("first"), on("second")};
    auto checked = check_safe_to_sync(status);
    ASSERT_FALSE(checked);
    EXPECT_THAT(checked.error().cause,
                HasSubstr("several remotes (first, second): choose one (git push -u REMOTE main)"));
}

}  // namespace
}  // namespace girofle::client
