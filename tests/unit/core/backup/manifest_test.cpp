#include "core/backup/manifest.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(Manifest, QuickCheckMissesCopiedRoundTripsAndIsFalseInOlderManifests) {
    SnapshotManifest manifest;
    manifest.id = "20261201T040000Z";
    manifest.checksums_sha256 = std::string(64, 'a');
    manifest.quick_check_misses_copied = true;
    auto json = to_json(manifest);
    auto read = manifest_from_json(json);
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_TRUE(read->quick_check_misses_copied);
    // Taken before Girofle checked: the next backup must compare every linked file by content.
    json.erase("quick_check_misses_copied");
    auto older = manifest_from_json(json);
    ASSERT_TRUE(older) << older.error().message();
    EXPECT_FALSE(older->quick_check_misses_copied);
}

}  // namespace
}  // namespace girofle
