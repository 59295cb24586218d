#include "adapters/lmdb/lmdb_inventory.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;

Reservation reservation(std::vector<std::string> addresses, std::string name = "") {
    return {.name = name,
            .addresses = std::move(addresses),
            .make_record = [name](std::uint64_t number, const std::string&) {
                InstanceRecord record;
                record.name = name;
                record.container = container_name_for(number, name);
                record.directory = "/root/" + instance_base_name(number);
                return record;
            }};
}

TEST(LmdbInventory, ListingANonexistentInventoryIsEmptyAndCreatesNothing) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    auto records = inventory.list();
    ASSERT_TRUE(records);
    EXPECT_TRUE(records->empty());
    EXPECT_FALSE(std::filesystem::exists(root / "inventory"));
}

TEST(LmdbInventory, NumbersAreMonotonicAndNeverReusedAfterARollback) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    auto first = inventory.reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->record.number, 1u);
    EXPECT_EQ(first->record.ip, "127.0.0.2");
    EXPECT_EQ(first->record.state, InstanceState::commissioning);
    ASSERT_TRUE(inventory.remove(1));
    auto second = inventory.reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->record.number, 2u);
    auto raised = inventory.reserve({.addresses = {"127.0.0.3"}, .minimum_number = 40,
                                     .make_record = reservation({}).make_record}, "commission");
    ASSERT_TRUE(raised);
    EXPECT_EQ(raised->record.number, 40u);
}

TEST(LmdbInventory, AnExactNumberIsReservedWhenFreeAndTheCounterMovesPastIt) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    auto exact = [](std::uint64_t number, std::string ip) {
        Reservation wanted = reservation({std::move(ip)});
        wanted.exact_number = number;
        return wanted;
    };
    auto restored = inventory.reserve(exact(7, "127.0.0.2"), "restore --from-remote");
    ASSERT_TRUE(restored) << restored.error().message();
    EXPECT_EQ(restored->record.number, 7u);
    auto next = inventory.reserve(reservation({"127.0.0.3"}), "commission");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->record.number, 8u);
    ASSERT_TRUE(inventory.remove(8));
    for (std::uint64_t used : {7u, 8u, 3u}) {
        auto refused = inventory.reserve(exact(used, "127.0.0.4"), "restore --from-remote");
        ASSERT_FALSE(refused) << used;
        EXPECT_EQ(refused.error().kind, ErrorKind::usage);
        EXPECT_NE(refused.error().message().find("next free one is 9"), std::string::npos) << refused.error().message();
    }
}

TEST(LmdbInventory, TakesTheFirstFreeAddressAndRefusesNamesAndAddressesInUse) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    ASSERT_TRUE(inventory.reserve(reservation({"127.0.0.2", "127.0.0.3"}, "wiki"), "commission"));
    auto next = inventory.reserve(reservation({"127.0.0.2", "127.0.0.3"}, "docs"), "commission");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->record.ip, "127.0.0.3");

    auto same_name = inventory.reserve(reservation({"127.0.0.4"}, "wiki"), "commission");
    ASSERT_FALSE(same_name);
    EXPECT_EQ(same_name.error().message(), "name 'wiki': already used by instance 1 (noeud-gitlab-1-wiki)");
    Reservation requested = reservation({"127.0.0.2"});
    requested.address_requested = true;
    auto one_taken = inventory.reserve(requested, "commission");
    ASSERT_FALSE(one_taken);
    EXPECT_EQ(one_taken.error().kind, ErrorKind::usage);
    EXPECT_EQ(one_taken.error().message(), "address 127.0.0.2: taken by instance 1 (noeud-gitlab-1-wiki)");
    // The last candidate, found free before another commission took it: the pool ran out.
    auto last_candidate_taken = inventory.reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_FALSE(last_candidate_taken);
    EXPECT_EQ(last_candidate_taken.error().kind, ErrorKind::conflict);
    EXPECT_EQ(last_candidate_taken.error().message(),
              "host: no free address: taken 127.0.0.2 by instance 1 (noeud-gitlab-1-wiki)");
    auto all_taken = inventory.reserve(reservation({"127.0.0.2", "127.0.0.3"}), "commission");
    ASSERT_FALSE(all_taken);
    EXPECT_EQ(all_taken.error().kind, ErrorKind::conflict);
    EXPECT_EQ(inventory.list()->size(), 2u);
}

TEST(LmdbInventory, DecommissionedInstancesFreeTheirNameAndAddress) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    ASSERT_TRUE(inventory.reserve(reservation({"127.0.0.2"}, "wiki"), "commission"));
    ASSERT_TRUE(inventory.modify(1, [](InstanceRecord& r) { r.state = InstanceState::decommissioned; }));
    auto reused = inventory.reserve(reservation({"127.0.0.2"}, "wiki"), "commission");
    ASSERT_TRUE(reused);
    EXPECT_EQ(reused->record.number, 2u);
}

TEST(LmdbInventory, ModifyChangesOneRecordAndKnowsMissingOnes) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    ASSERT_TRUE(inventory.reserve(reservation({"127.0.0.2"}), "commission"));
    auto changed = inventory.modify(1, [](InstanceRecord& r) { r.last_backup = "20261125T050000Z"; });
    ASSERT_TRUE(changed);
    EXPECT_EQ(inventory.list()->front().last_backup, "20261125T050000Z");
    auto missing = inventory.modify(9, [](InstanceRecord&) {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST(LmdbInventory, ALockIsExclusiveAcrossProcessesAndNamesItsHolder) {
    TempDir root;
    LmdbInventory inventory(root / "inventory");
    auto reserved = inventory.reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_TRUE(reserved);
    // The reservation came with the lock: another process cannot take it.
    pid_t child = ::fork();
    if (child == 0) {
        LmdbInventory other(root / "inventory");
        auto busy = other.lock(1, "backup");
        bool ok = !busy && busy.error().kind == ErrorKind::busy &&
                  busy.error().message().find("commission (pid") != std::string::npos;
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    reserved->lock.reset();
    EXPECT_TRUE(inventory.lock(1, "backup"));
}

TEST(LmdbInventory, ConcurrentProcessesNeverShareANumberOrAnAddress) {
    TempDir root;
    { LmdbInventory(root / "inventory").list(); }
    const std::vector<std::string> pool = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    std::vector<pid_t> children;
    for (int i = 0; i < 8; ++i) {
        pid_t child = ::fork();
        if (child == 0) {
            LmdbInventory inventory(root / "inventory");
            auto reserved = inventory.reserve(reservation(pool), "commission");
            ::_exit(reserved ? 0 : (reserved.error().kind == ErrorKind::conflict ? 3 : 1));
        }
        children.push_back(child);
    }
    int succeeded = 0, refused = 0;
    for (pid_t child : children) {
        int status = 0;
        ::waitpid(child, &status, 0);
        if (WEXITSTATUS(status) == 0) ++succeeded;
        if (WEXITSTATUS(status) == 3) ++refused;
    }
    EXPECT_EQ(succeeded, 4);
    EXPECT_EQ(refused, 4);
    auto records = LmdbInventory(root / "inventory").list();
    ASSERT_TRUE(records);
    std::set<std::string> addresses;
    std::set<std::uint64_t> numbers;
    for (const auto& record : *records) {
        addresses.insert(record.ip);
        numbers.insert(record.number);
    }
    EXPECT_EQ(records->size(), 4u);
    EXPECT_EQ(addresses.size(), 4u);
    EXPECT_EQ(numbers.size(), 4u);
}

}  // namespace
}  // namespace girofle
