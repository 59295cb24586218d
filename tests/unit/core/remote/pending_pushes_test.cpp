#include "core/remote/pending_pushes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using ::testing::ElementsAre;

TEST(PendingPushes, TheQueueHoldsPendingSnapshotsStillOnDiskThenTheNewOneOldestFirst) {
    EXPECT_THAT(push_queue({"20261125T040000Z", "20261125T000000Z", "20261124T000000Z"}, "20261125T080000Z",
                           {"20261125T000000Z", "20261125T040000Z", "20261125T080000Z"}),
                ElementsAre("20261125T000000Z", "20261125T040000Z", "20261125T080000Z"));
    EXPECT_THAT(push_queue({"A"}, "A", {"A"}), ElementsAre("A"));
    EXPECT_THAT(push_queue({"A"}, "", {"A"}), ElementsAre("A"));
}

TEST(PendingPushes, SurviveBetweenRunsInAPrivateFileThatGoesWhenEmpty) {
    testing::TempDir dir;
    PendingPushes pending(dir.path());
    EXPECT_TRUE(pending.load()->empty());
    ASSERT_TRUE(pending.save({"A", "B"}));
    EXPECT_THAT(*pending.load(), ElementsAre("A", "B"));
    struct stat info {};
    ASSERT_EQ(::stat(pending.file().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    ASSERT_TRUE(pending.save({}));
    EXPECT_FALSE(std::filesystem::exists(pending.file()));
}

TEST(PendingPushes, AMalformedFileIsAnErrorNamingIt) {
    testing::TempDir dir;
    PendingPushes pending(dir.path());
    testing::write_file(pending.file(), "[1,2]");
    auto loaded = pending.load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message().find(pending.file().string()), std::string::npos);
}

}  // namespace
}  // namespace girofle
