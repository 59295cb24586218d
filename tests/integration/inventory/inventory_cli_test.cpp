// The inventory as a user chooses and moves it: --inventory URLs, migrate, doctor's lines,
// and the one-line refusals of bad input.
#include <gtest/gtest.h>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "integration/inventory/inventory_backends.hpp"
#include "support/commands.hpp"
#include "support/docker_required.hpp"
#include "support/loopback_port.hpp"
#include "support/required_programs.hpp"
#include "support/test_reservation.hpp"

namespace girofle {
namespace {

using testing::run_girofle;
using testing::TempDir;

void expect_one_line_error(const testing::CommandResult& result, int status, const std::string& words) {
    EXPECT_EQ(result.status, status) << result.err;
    EXPECT_TRUE(result.err.starts_with("girofle: error: ")) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(words), std::string::npos) << result.err;
}

class InventoryCli : public ::testing::Test {
protected:
    void SetUp() override { GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl"); }
    std::string fleet_url(const std::string& fleet) { return testing::shared_etcd().url(fleet); }
    TempDir root_;
};

TEST_F(InventoryCli, BadInventoryUrlsAndUnreachableEtcdAreOneLineAndChangeNothing) {
    expect_one_line_error(run_girofle(root_.path(), {"--inventory", "redis://127.0.0.1:6379/prod", "list"}), 2,
                          "unknown scheme");
    const auto nowhere = "etcd://127.0.0.1:" + std::to_string(testing::free_loopback_port()) + "/prod";
    expect_one_line_error(run_girofle(root_.path(), {"--inventory", nowhere, "list"}), 1, "etcd");

    const std::string fleet = testing::fresh_fleet_name();
    ASSERT_EQ(testing::shared_etcd().etcdctl({"put", "/girofle/" + fleet + "/config", "not ours"}).status, 0);
    expect_one_line_error(run_girofle(root_.path(), {"--inventory", fleet_url(fleet), "list"}), 2,
                          "holds keys Girofle did not write");
    EXPECT_FALSE(std::filesystem::exists(root_ / "inventory"));
}

TEST_F(InventoryCli, MigrateToEtcdAndBackLosesNoFieldAndNeverOverwritesAFleet) {
    {
        LmdbInventory inventory(root_ / "inventory");
        for (const char* ip : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
            auto reserved = inventory.reserve(testing::test_reservation({ip}, std::string("n") + ip[8]), "commission");
            ASSERT_TRUE(reserved) << reserved.error().message();
        }
        ASSERT_TRUE(inventory.modify(1, [](InstanceRecord& r) {
            r.state = InstanceState::active;
            r.image = "gitlab/gitlab-ce:17.5.1-ce.0";
            r.ports = {8080, 8443, 2222};
            r.last_backup = "20261130T060000Z";
            r.schedule = {"0 */4 * * *", true};
            r.unknown_fields["from_a_newer_girofle"] = 42;
        }));
        ASSERT_TRUE(inventory.modify(2, [](InstanceRecord& r) {
            r.state = InstanceState::decommissioned;
            r.decommissioned_at = "2026-11-30T06:00:00Z";
        }));
    }
    const auto before = LmdbInventory(root_ / "inventory").list();
    ASSERT_TRUE(before);
    const std::string url = fleet_url(testing::fresh_fleet_name());

    auto there = run_girofle(root_.path(), {"inventory", "migrate", "--to", url});
    ASSERT_EQ(there.status, 0) << there.err;
    auto listed = run_girofle(root_.path(), {"--inventory", url, "--json", "list", "--all"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["instances"].size(), 3u);

    auto again = run_girofle(root_.path(), {"inventory", "migrate", "--to", url});
    expect_one_line_error(again, 1, "refusing to overwrite");

    auto back = run_girofle(root_.path(), {"--inventory", url, "inventory", "migrate", "--to",
                                           "lmdb:" + (root_ / "inventory-back").string()});
    ASSERT_EQ(back.status, 0) << back.err;
    const auto after = LmdbInventory(root_ / "inventory-back").list();
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), before->size());
    for (std::size_t i = 0; i < before->size(); ++i)
        EXPECT_EQ(to_json(after->at(i)), to_json(before->at(i)));
    // The counter came along: the next number is 4 in both.
    auto next = LmdbInventory(root_ / "inventory-back").reserve(testing::test_reservation({"127.0.0.9"}), "commission");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->record.number, 4u);
}

TEST_F(InventoryCli, DoctorNamesTheBackendThisHostsIdAndEveryMember) {
    testing::write_file(root_ / "host-id", "vm-a\n");
    auto doctor = run_girofle(root_.path(), {"--inventory", fleet_url(testing::fresh_fleet_name()), "--json", "doctor"});
    auto findings = nlohmann::json::parse(doctor.out)["findings"];
    std::map<std::string, nlohmann::json> by_check;
    for (const auto& finding : findings) by_check[finding["check"]] = finding;
    ASSERT_TRUE(by_check.contains("inventory")) << doctor.out;
    EXPECT_EQ(by_check["inventory"]["verdict"], "ok") << doctor.out;
    EXPECT_EQ(by_check["host id"]["detail"].get<std::string>().rfind("vm-a", 0), 0u) << doctor.out;
    ASSERT_TRUE(by_check.contains("etcd member m0")) << doctor.out;
    EXPECT_EQ(by_check["etcd member m0"]["verdict"], "ok") << doctor.out;
}

TEST_F(InventoryCli, ListFleetShowsEveryHostsInstancesFromEitherRoot) {
    const std::string fleet = testing::fresh_fleet_name();
    TempDir other_root;
    testing::write_file(root_ / "host-id", "vm-a\n");
    testing::write_file(other_root / "host-id", "vm-b\n");
    for (const auto& [host, ip] : {std::pair{"vm-a", "127.0.1.2"}, std::pair{"vm-b", "127.0.2.2"}}) {
        EtcdInventory inventory(testing::etcd_settings(testing::shared_etcd(), fleet, host));
        ASSERT_TRUE(inventory.reserve(testing::test_reservation({ip}, std::string("wiki-") + host), "commission"));
    }
    for (const auto* root : {&root_.path(), &other_root.path()}) {
        auto listed = run_girofle(*root, {"--inventory", fleet_url(fleet), "--json", "list", "--fleet"});
        ASSERT_EQ(listed.status, 0) << listed.err;
        auto instances = listed.json()["instances"];
        ASSERT_EQ(instances.size(), 2u) << listed.out;
        EXPECT_EQ(instances[0]["host_id"], "vm-a");
        EXPECT_EQ(instances[1]["host_id"], "vm-b");
        auto own = run_girofle(*root, {"--inventory", fleet_url(fleet), "--json", "list"});
        ASSERT_EQ(own.status, 0) << own.err;
        EXPECT_EQ(own.json()["instances"].size(), 1u);
    }
    auto table = run_girofle(root_.path(), {"--inventory", fleet_url(fleet), "list", "--fleet"});
    EXPECT_NE(table.out.find("on host vm-b"), std::string::npos) << table.out;
}

TEST_F(InventoryCli, CheckReportsRecordsWithoutContainersAndDirectoriesWithoutRecords) {
    GIROFLE_REQUIRE_DOCKER();
    {
        LmdbInventory inventory(root_ / "inventory");
        ASSERT_TRUE(inventory.reserve(testing::test_reservation({"127.0.0.2"}, "wiki"), "commission"));
        ASSERT_TRUE(inventory.modify(1, [&](InstanceRecord& r) {
            r.state = InstanceState::active;
            r.directory = (root_ / "noeud-gitlab-1").string();
        }));
    }
    std::filesystem::create_directories(root_ / "noeud-gitlab-1");
    std::filesystem::create_directories(root_ / "noeud-gitlab-7");
    auto checked = run_girofle(root_.path(), {"inventory", "check"});
    EXPECT_EQ(checked.status, 1) << checked.err;
    EXPECT_NE(checked.out.find("instance 1 (noeud-gitlab-1-wiki): active in the inventory, but its container is missing"),
              std::string::npos) << checked.out;
    EXPECT_NE(checked.out.find("noeud-gitlab-7: an instance the inventory does not know"), std::string::npos)
        << checked.out;
    EXPECT_NE(checked.out.find("2 disagreement(s) found"), std::string::npos) << checked.out;
}

}  // namespace
}  // namespace girofle
