// One suite, the same tests, for every inventory backend: what commission, restore, backup
// and decommission rely on must hold whichever store keeps the records.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "integration/inventory/inventory_backends.hpp"
#include "support/required_programs.hpp"
#include "support/test_reservation.hpp"

namespace girofle {
namespace {

using testing::TempDir;

Reservation reservation(std::vector<std::string> addresses, std::string name = "") {
    return testing::test_reservation(std::move(addresses), std::move(name));
}

Reservation exact(std::uint64_t number, std::string ip) {
    Reservation wanted = reservation({std::move(ip)});
    wanted.exact_number = number;
    return wanted;
}

class InventoryConformance : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "etcd") {
            GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
            fleet_ = testing::fresh_fleet_name();
        }
    }

    // A new connection to the same inventory, as another process on this host would open.
    std::unique_ptr<Inventory> open() const {
        if (GetParam() == "lmdb") return std::make_unique<LmdbInventory>(root_ / "inventory");
        return std::make_unique<EtcdInventory>(testing::etcd_settings(testing::shared_etcd(), fleet_, "vm-a"));
    }

    TempDir root_;
    std::string fleet_;
};

TEST_P(InventoryConformance, AnEmptyInventoryListsNothing) {
    auto records = open()->list();
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_TRUE(records->empty());
}

TEST_P(InventoryConformance, NumbersAreMonotonicAndNeverReusedAfterARemove) {
    auto inventory = open();
    auto first = inventory->reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->record.number, 1u);
    EXPECT_EQ(first->record.ip, "127.0.0.2");
    EXPECT_EQ(first->record.state, InstanceState::commissioning);
    first->lock.reset();
    ASSERT_TRUE(inventory->remove(1));
    auto second = inventory->reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_EQ(second->record.number, 2u);
    auto raised = inventory->reserve({.addresses = {"127.0.0.3"}, .minimum_number = 40,
                                      .make_record = reservation({}).make_record}, "commission");
    ASSERT_TRUE(raised) << raised.error().message();
    EXPECT_EQ(raised->record.number, 40u);
    auto records = inventory->list();
    ASSERT_TRUE(records);
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ(records->at(0).number, 2u);
    EXPECT_EQ(records->at(1).number, 40u);
}

TEST_P(InventoryConformance, AnExactNumberIsReservedWhenFreeAndNeverBelowTheCounter) {
    auto inventory = open();
    auto restored = inventory->reserve(exact(7, "127.0.0.2"), "restore --from-remote");
    ASSERT_TRUE(restored) << restored.error().message();
    EXPECT_EQ(restored->record.number, 7u);
    auto next = inventory->reserve(reservation({"127.0.0.3"}), "commission");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->record.number, 8u);
    next->lock.reset();
    ASSERT_TRUE(inventory->remove(8));
    for (std::uint64_t used : {7u, 8u, 3u}) {
        auto refused = inventory->reserve(exact(used, "127.0.0.4"), "restore --from-remote");
        ASSERT_FALSE(refused) << used;
        EXPECT_EQ(refused.error().kind, ErrorKind::usage);
        EXPECT_NE(refused.error().message().find("next free one is 9"), std::string::npos)
            << refused.error().message();
    }
}

TEST_P(InventoryConformance, TakesTheFirstFreeAddressAndRefusesNamesAndAddressesInUse) {
    auto inventory = open();
    ASSERT_TRUE(inventory->reserve(reservation({"127.0.0.2", "127.0.0.3"}, "wiki"), "commission"));
    auto next = inventory->reserve(reservation({"127.0.0.2", "127.0.0.3"}, "docs"), "commission");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->record.ip, "127.0.0.3");

    auto same_name = inventory->reserve(reservation({"127.0.0.4"}, "wiki"), "commission");
    ASSERT_FALSE(same_name);
    EXPECT_EQ(same_name.error().message(), "name 'wiki': already used by instance 1 (noeud-gitlab-1-wiki)");
    Reservation requested = reservation({"127.0.0.2"});
    requested.address_requested = true;
    auto one_taken = inventory->reserve(requested, "commission");
    ASSERT_FALSE(one_taken);
    EXPECT_EQ(one_taken.error().kind, ErrorKind::usage);
    EXPECT_EQ(one_taken.error().message(), "address 127.0.0.2: taken by instance 1 (noeud-gitlab-1-wiki)");
    auto all_taken = inventory->reserve(reservation({"127.0.0.2", "127.0.0.3"}), "commission");
    ASSERT_FALSE(all_taken);
    EXPECT_EQ(all_taken.error().kind, ErrorKind::conflict);
    EXPECT_EQ(open()->list()->size(), 2u);
}

TEST_P(InventoryConformance, DecommissionAndRemoveFreeTheNameAndTheAddress) {
    auto inventory = open();
    auto wiki = inventory->reserve(reservation({"127.0.0.2"}, "wiki"), "commission");
    ASSERT_TRUE(wiki);
    auto retired = inventory->modify(1, [](InstanceRecord& r) { r.state = InstanceState::decommissioned; });
    ASSERT_TRUE(retired) << retired.error().message();
    auto reused = inventory->reserve(reservation({"127.0.0.2"}, "wiki"), "commission");
    ASSERT_TRUE(reused) << reused.error().message();
    EXPECT_EQ(reused->record.number, 2u);
    reused->lock.reset();
    ASSERT_TRUE(inventory->remove(2));
    auto again = inventory->reserve(reservation({"127.0.0.2"}, "wiki"), "commission");
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->record.number, 3u);
}

TEST_P(InventoryConformance, ModifyChangesOneRecordKeepsUnknownFieldsAndKnowsMissingOnes) {
    auto inventory = open();
    ASSERT_TRUE(inventory->reserve(reservation({"127.0.0.2"}), "commission"));
    ASSERT_TRUE(inventory->reserve(reservation({"127.0.0.3"}), "commission"));
    auto changed = inventory->modify(1, [](InstanceRecord& r) {
        r.last_backup = "20261125T050000Z";
        r.unknown_fields["written_by_a_newer_girofle"] = {{"kept", true}};
    });
    ASSERT_TRUE(changed) << changed.error().message();
    auto records = open()->list();
    ASSERT_TRUE(records);
    EXPECT_EQ(records->at(0).last_backup, "20261125T050000Z");
    EXPECT_EQ(records->at(0).unknown_fields["written_by_a_newer_girofle"]["kept"], true);
    EXPECT_EQ(records->at(1).last_backup, "");
    auto missing = inventory->modify(9, [](InstanceRecord&) {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_P(InventoryConformance, ALockIsExclusiveNamesItsHolderAndIsFreedWithItsOwner) {
    auto inventory = open();
    auto reserved = inventory->reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(reserved);
    EXPECT_TRUE(reserved->lock->still_held());
    // The reservation came with the lock: another connection cannot take it.
    auto other = open();
    auto busy = other->lock(1, "backup");
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().kind, ErrorKind::busy);
    EXPECT_NE(busy.error().message().find("busy: commission (pid"), std::string::npos) << busy.error().message();
    reserved->lock.reset();
    auto taken = other->lock(1, "backup");
    ASSERT_TRUE(taken) << taken.error().message();
    EXPECT_TRUE((*taken)->still_held());
    auto third = inventory->lock(1, "decommission");
    ASSERT_FALSE(third);
    EXPECT_NE(third.error().message().find("backup (pid"), std::string::npos);
}

TEST_P(InventoryConformance, ConcurrentProcessesNeverShareANumberOrAnAddress) {
    { ASSERT_TRUE(open()->list()); }
    const std::vector<std::string> pool = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    std::vector<pid_t> children;
    for (int i = 0; i < 8; ++i) {
        pid_t child = ::fork();
        if (child == 0) {
            auto inventory = open();
            auto reserved = inventory->reserve(reservation(pool, "n" + std::to_string(i % 6)), "commission");
            ::_exit(reserved ? 0 : (reserved.error().kind == ErrorKind::conflict ? 3
                                    : reserved.error().kind == ErrorKind::usage  ? 4
                                                                                  : 1));
        }
        children.push_back(child);
    }
    int succeeded = 0, refused = 0;
    for (pid_t child : children) {
        int status = 0;
        ::waitpid(child, &status, 0);
        if (WEXITSTATUS(status) == 0) ++succeeded;
        if (WEXITSTATUS(status) == 3 || WEXITSTATUS(status) == 4) ++refused;
    }
    auto records = open()->list();
    ASSERT_TRUE(records);
    std::set<std::string> addresses, names;
    std::set<std::uint64_t> numbers;
    for (const auto& record : *records) {
        addresses.insert(record.ip);
        numbers.insert(record.number);
        names.insert(record.name);
    }
    EXPECT_EQ(succeeded + refused, 8);
    EXPECT_EQ(static_cast<int>(records->size()), succeeded);
    EXPECT_EQ(succeeded, 4);  // four addresses; names n0..n5 leave at least four free
    EXPECT_EQ(addresses.size(), records->size());
    EXPECT_EQ(numbers.size(), records->size());
    EXPECT_EQ(names.size(), records->size());
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryConformance, ::testing::Values("lmdb", "etcd"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace girofle
