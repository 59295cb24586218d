#include "core/inventory/reservation_rules.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

InstanceRecord record(std::uint64_t number, std::string ip, std::string name = "",
                      InstanceState state = InstanceState::active, std::string host_id = "") {
    InstanceRecord made;
    made.number = number;
    made.ip = std::move(ip);
    made.name = name;
    made.container = container_name_for(number, name);
    made.state = state;
    made.host_id = std::move(host_id);
    return made;
}

Reservation wanting(std::vector<std::string> addresses, std::string name = "") {
    return {.name = std::move(name), .addresses = std::move(addresses)};
}

TEST(ReservationRules, TakesTheNextNumberAfterTheCounterAndEveryRecord) {
    std::vector<InstanceRecord> records = {record(3, "127.0.0.2")};
    auto choice = choose_reservation({.records = records, .stored_next_number = 7},
                                     wanting({"127.0.0.2", "127.0.0.3"}));
    ASSERT_TRUE(choice) << choice.error().message();
    EXPECT_EQ(choice->number, 7u);
    EXPECT_EQ(choice->next_number, 8u);
    EXPECT_EQ(choice->address, "127.0.0.3");

    // A record past the counter (written by a migration) still moves the number on.
    records.push_back(record(12, "127.0.0.9", "", InstanceState::decommissioned));
    choice = choose_reservation({.records = records, .stored_next_number = 7}, wanting({"127.0.0.3"}));
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->number, 13u);
}

TEST(ReservationRules, AMinimumAndAnExactNumberAreHonouredButNeverGoBack) {
    std::vector<InstanceRecord> records = {record(3, "127.0.0.2")};
    Reservation raised = wanting({"127.0.0.3"});
    raised.minimum_number = 40;
    EXPECT_EQ(choose_reservation({.records = records}, raised)->number, 40u);

    Reservation exact = wanting({"127.0.0.3"});
    exact.exact_number = 9;
    EXPECT_EQ(choose_reservation({.records = records}, exact)->number, 9u);
    exact.exact_number = 3;
    auto refused = choose_reservation({.records = records}, exact);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::usage);
    EXPECT_NE(refused.error().message().find("next free one is 4"), std::string::npos);
}

TEST(ReservationRules, NamesAreFleetWideAddressesArePerHost) {
    std::vector<InstanceRecord> records = {record(1, "127.0.1.2", "wiki", InstanceState::active, "vm-a")};
    auto same_name = choose_reservation({.records = records, .host_id = "vm-b"},
                                        wanting({"127.0.2.2"}, "wiki"));
    ASSERT_FALSE(same_name);
    EXPECT_EQ(same_name.error().message(), "name 'wiki': already used by instance 1 (noeud-gitlab-1-wiki)");

    // The same address on another host is another claim.
    auto other_host = choose_reservation({.records = records, .host_id = "vm-b"}, wanting({"127.0.1.2"}));
    ASSERT_TRUE(other_host);
    EXPECT_EQ(other_host->address, "127.0.1.2");
    Reservation requested = wanting({"127.0.1.2"});
    requested.address_requested = true;  // --ip: finding it taken is the user's mistake
    auto same_host = choose_reservation({.records = records, .host_id = "vm-a"}, requested);
    ASSERT_FALSE(same_host);
    EXPECT_EQ(same_host.error().kind, ErrorKind::usage);
    // The last candidate of a pool, taken meanwhile: the pool ran out, not bad input.
    auto last_candidate = choose_reservation({.records = records, .host_id = "vm-a"}, wanting({"127.0.1.2"}));
    ASSERT_FALSE(last_candidate);
    EXPECT_EQ(last_candidate.error().kind, ErrorKind::conflict);
}

TEST(ReservationRules, EveryAddressTakenIsAConflictNamingTheHolders) {
    std::vector<InstanceRecord> records = {record(1, "127.0.0.2"), record(2, "127.0.0.3")};
    auto refused = choose_reservation({.records = records}, wanting({"127.0.0.2", "127.0.0.3"}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_EQ(refused.error().message(),
              "host: no free address: taken 127.0.0.2 by instance 1 (noeud-gitlab-1), "
              "127.0.0.3 by instance 2 (noeud-gitlab-2)");
}

TEST(ReservationRules, DecommissionedInstancesHoldNeitherNameNorAddress) {
    std::vector<InstanceRecord> records = {record(1, "127.0.0.2", "wiki", InstanceState::decommissioned)};
    auto choice = choose_reservation({.records = records}, wanting({"127.0.0.2"}, "wiki"));
    ASSERT_TRUE(choice) << choice.error().message();
    EXPECT_EQ(choice->address, "127.0.0.2");
    EXPECT_EQ(choice->number, 2u);
}

}  // namespace
}  // namespace girofle
