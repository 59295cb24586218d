#include "core/remote/tags.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle {
namespace {

using ::testing::ElementsAre;

TEST(RemoteTags, NameTheInstanceTheSnapshotAndTheGitlabVersion) {
    SnapshotManifest manifest;
    manifest.id = "20261125T101944Z";
    manifest.instance.number = 3;
    manifest.instance.name = "wiki";
    manifest.gitlab_version = "17.5.1";
    EXPECT_THAT(snapshot_tags(manifest),
                ElementsAre("girofle", "instance=3", "name=wiki", "snapshot=20261125T101944Z", "gitlab=17.5.1"));
    manifest.instance.name.clear();
    manifest.gitlab_version = "17.5, beta";
    EXPECT_THAT(snapshot_tags(manifest),
                ElementsAre("girofle", "instance=3", "snapshot=20261125T101944Z", "gitlab=17.5__beta"));
}

TEST(RemoteTags, ResticsListingIsReadBackOldestFirstAndForeignSnapshotsAreLeftOut) {
    const std::string listing = R"([
      {"time":"2026-11-25T12:00:00Z","paths":["/g/noeud-gitlab-2/bckups/B"],"tags":["girofle","instance=2","snapshot=B"],
       "id":"bbbbbbbb11","short_id":"bbbbbbbb"},
      {"time":"2026-11-25T10:00:00Z","paths":["/g/noeud-gitlab-1/bckups/A"],
       "tags":["girofle","instance=1","name=wiki","snapshot=A","gitlab=17.5.1"],"id":"aaaaaaaa11","short_id":"aaaaaaaa"},
      {"time":"2026-11-25T11:00:00Z","paths":["/home"],"tags":null,"id":"cccccccc","short_id":"cccccccc"}])";
    auto snapshots = parse_remote_snapshots(listing, "remote X");
    ASSERT_TRUE(snapshots);
    ASSERT_EQ(snapshots->size(), 2u);
    const auto& first = snapshots->front();
    EXPECT_EQ(first.instance, 1u);
    EXPECT_EQ(first.name, "wiki");
    EXPECT_EQ(first.snapshot, "A");
    EXPECT_EQ(first.gitlab, "17.5.1");
    EXPECT_EQ(first.path, "/g/noeud-gitlab-1/bckups/A");
    EXPECT_TRUE(snapshot_of_instance(first, "1"));
    EXPECT_TRUE(snapshot_of_instance(first, "wiki"));
    EXPECT_TRUE(snapshot_of_instance(first, "noeud-gitlab-1-wiki"));
    EXPECT_FALSE(snapshot_of_instance(first, "2"));
    EXPECT_TRUE(snapshot_matches(first, "A"));
    EXPECT_TRUE(snapshot_matches(first, "aaaaaaaa"));
    EXPECT_FALSE(snapshot_matches(first, "aaaa"));
    EXPECT_TRUE(parse_remote_snapshots("null", "remote X")->empty());
    EXPECT_TRUE(first.holds_full_path()) << "pushed from its own directory, before the stable path";
}

TEST(RemoteTags, APushFromTheStablePathHoldsTheSnapshotAtTheTreesRoot) {
    const std::string listing = R"([{"time":"2026-11-30T12:00:00Z","paths":["/g/noeud-gitlab-1/remote-source"],
      "tags":["girofle","instance=1","snapshot=20261130T120000Z"],"id":"dddddddd11","short_id":"dddddddd"}])";
    auto snapshots = parse_remote_snapshots(listing, "remote X");
    ASSERT_TRUE(snapshots);
    ASSERT_EQ(snapshots->size(), 1u);
    EXPECT_FALSE(snapshots->front().holds_full_path());
    EXPECT_FALSE(parse_remote_snapshots("{}", "remote X"));
}

}  // namespace
}  // namespace girofle
