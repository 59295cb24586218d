// inventory rebuild after the LMDB inventory is lost: the same records come back from the
// containers' labels and the instance directories (decommissioned instances included), the
// counter continues past every number, and a non-empty inventory is never overwritten unasked.
#include <gtest/gtest.h>

#include "integration/gitlab_fixture.hpp"

namespace girofle {
namespace {

class InventoryRebuild : public testing::GitlabTest {
protected:
    // Every record of `list --all --json`, by number.
    std::map<std::uint64_t, nlohmann::json> records() const {
        auto listed = girofle({"--json", "list", "--all"});
        EXPECT_EQ(listed.status, 0) << listed.err;
        std::map<std::uint64_t, nlohmann::json> by_number;
        if (listed.status != 0) return by_number;
        const auto document = listed.json();
        for (auto instance : document["instances"]) {
            instance.erase("live_state");  // Docker's view, not the record
            instance.erase("attention");
            by_number[instance["number"].get<std::uint64_t>()] = instance;
        }
        return by_number;
    }
};

void expect_same_identity(const nlohmann::json& rebuilt, const nlohmann::json& original) {
    for (const char* field : {"number", "name", "ip", "state", "container", "directory"})
        EXPECT_EQ(rebuilt[field], original[field]) << field << " of " << original.dump();
}

TEST_F(InventoryRebuild, ALostInventoryComesBackFromLabelsAndDirectories) {
    GIROFLE_REQUIRE_DOCKER();
    ASSERT_FALSE(commission({"--name", "alpha", "--ip", "127.0.0.81", "--schedule", "none"}).empty());
    ASSERT_FALSE(commission({"--name", "beta", "--ip", "127.0.0.82", "--schedule", "none"}).empty());
    ASSERT_FALSE(commission({"--name", "gamma", "--ip", "127.0.0.83", "--schedule", "none"}).empty());
    // beta ends without a backup (its instance.json is all that says who it was); gamma ends
    // with its final backup and then loses its instance.json too, as a directory written by
    // an older Girofle would: its snapshot's manifest must say it.
    ASSERT_EQ(girofle({"decommission", "beta", "--no-backup"}).status, 0);
    auto ended = girofle({"decommission", "gamma"});
    ASSERT_EQ(ended.status, 0) << ended.err;
    const auto before = records();
    ASSERT_EQ(before.size(), 3u);
    ASSERT_TRUE(std::filesystem::remove(root() / "noeud-gitlab-3" / "instance.json"));

    // A readable inventory holding records is never overwritten unasked.
    const std::string untouched = observable_state();
    auto refused = girofle({"inventory", "rebuild"});
    EXPECT_EQ(refused.status, 1);
    EXPECT_TRUE(refused.err.starts_with("girofle: error: lmdb:")) << refused.err;
    EXPECT_NE(refused.err.find("refusing to overwrite them"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_EQ(observable_state(), untouched);

    std::filesystem::remove_all(root() / "inventory");
    auto rebuilt = girofle({"inventory", "rebuild"});
    ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
    EXPECT_NE(rebuilt.out.find("3 record(s) rebuilt"), std::string::npos) << rebuilt.out;
    EXPECT_EQ(rebuilt.out.find("inconsistent"), std::string::npos) << rebuilt.out;
    const auto after = records();
    ASSERT_EQ(after.size(), 3u);
    // Active and decommissioned-without-backup come back field for field (container and
    // instance.json); the one known only by its snapshot keeps who and where it was.
    EXPECT_EQ(after.at(1), before.at(1));
    EXPECT_EQ(after.at(2), before.at(2));
    expect_same_identity(after.at(3), before.at(3));
    EXPECT_EQ(after.at(1)["state"], "active");
    EXPECT_EQ(after.at(2)["state"], "decommissioned");
    EXPECT_EQ(after.at(3)["state"], "decommissioned");

    // The counter continues past the highest number, a decommissioned one: never reused;
    // the address gamma freed is free again.
    auto next = commission({"--name", "delta", "--ip", "127.0.0.83", "--schedule", "none"});
    EXPECT_EQ(next.value("number", 0u), 4u) << next.dump();
}

TEST_F(InventoryRebuild, ForceSetsTheOldInventoryAsideAndReportsWhatDisagrees) {
    GIROFLE_REQUIRE_DOCKER();
    auto record = commission({"--name", "alpha", "--ip", "127.0.0.84", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    // The directory's copy now disagrees with the container that runs.
    const auto copy = root() / "noeud-gitlab-1" / "instance.json";
    auto stored = nlohmann::json::parse(testing::read_file(copy));
    stored["name"] = "renamed";
    stored["state"] = "decommissioned";
    testing::write_file(copy, stored.dump());
    // And the inventory itself is damaged beyond reading.
    testing::write_file(root() / "inventory" / "data.mdb", "not an LMDB file");

    auto refused = girofle({"inventory", "rebuild"});
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.err.find("cannot be read"), std::string::npos) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;

    auto rebuilt = girofle({"inventory", "rebuild", "--force"});
    ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
    EXPECT_NE(rebuilt.out.find("inconsistent: instance 1: its container " + record["container"].get<std::string>() +
                               " says name 'alpha'"),
              std::string::npos) << rebuilt.out;
    EXPECT_NE(rebuilt.out.find("says decommissioned, but its container"), std::string::npos) << rebuilt.out;
    EXPECT_NE(rebuilt.out.find("the previous inventory was moved to " + (root() / "inventory").string() + ".set-aside-"),
              std::string::npos) << rebuilt.out;
    const auto after = records();
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after.at(1)["name"], "alpha");
    EXPECT_EQ(after.at(1)["state"], "active");
    EXPECT_EQ(after.at(1)["ip"], "127.0.0.84");
    // The directory's copy follows the rebuilt record.
    EXPECT_EQ(nlohmann::json::parse(testing::read_file(copy))["name"], "alpha");
}

}  // namespace
}  // namespace girofle
