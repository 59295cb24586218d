#include "core/client/sync_decision.hpp"

#include <gtest/gtest.h>

namespace girofle::client {
namespace {

TEST(DecideSync, SameCommitOnBothSidesIsNothingToDo) {
    EXPECT_EQ(decide_sync({.local = "a", .remote = "a"}), SyncAction::nothing);
    EXPECT_EQ(decide_sync({}), SyncAction::nothing);
}

TEST(DecideSync, OnlyLocalAheadPushes) {
    EXPECT_EQ(decide_sync({.local = "b", .remote = "a", .merge_base = "a", .ahead = 2}),
              SyncAction::push);
}

TEST(DecideSync, BranchMissingOnTheRemotePushes) {
    EXPECT_EQ(decide_sync({.local = "b", .ahead = 3}), SyncAction::push);
}

TEST(DecideSync, OnlyRemoteAheadFastForwards) {
    EXPECT_EQ(decide_sync({.local = "a", .remote = "c", .merge_base = "a", .behind = 1}),
              SyncAction::fast_forward);
}

TEST(DecideSync, UnbornLocalBranchTakesTheRemote) {
    EXPECT_EQ(decide_sync({.remote = "c"}), SyncAction::fast_forward);
}

TEST(DecideSync, BothAheadIsDiverged) {
    EXPECT_EQ(
        decide_sync({.local = "b", .remote = "c", .merge_base = "a", .ahead = 1, .behind = 1}),
        SyncAction::diverged);
}

TEST(DecideSync, UnrelatedHistoriesAreDiverged) {
    EXPECT_EQ(decide_sync({.local = "b", .remote = "c", .ahead = 1, .behind = 1}),
              SyncAction::diverged);
}

}  // namespace
}  // namespace girofle::client
