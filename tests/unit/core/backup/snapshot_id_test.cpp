#include "core/backup/snapshot_id.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(SnapshotId, IsASortableUtcTimestamp) {
    auto time = std::chrono::system_clock::from_time_t(1'795'000'000);
    EXPECT_EQ(snapshot_id_for(time), "20261118T110640Z");
    EXPECT_EQ(snapshot_time("20261118T110640Z"), time);
    EXPECT_EQ(snapshot_time("20261118T110640Z-3"), time);
    EXPECT_TRUE(is_snapshot_id("20261118T110640Z-12"));
    for (const char* bad : {"20261118T110640Z.partial", "latest", "20261120T080640", "../20261118T110640Z"})
        EXPECT_FALSE(is_snapshot_id(bad)) << bad;
}

}  // namespace
}  // namespace girofle
