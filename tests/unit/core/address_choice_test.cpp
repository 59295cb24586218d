#include "core/address_choice.hpp"

#include <gtest/gtest.h>

#include "unit/fakes/fake_system.hpp"

namespace girofle {
namespace {

using testing::FakeHostNetwork;

InstanceRecord holding(std::uint64_t number, const std::string& ip, InstanceState state) {
    InstanceRecord record;
    record.number = number;
    record.container = container_name_for(number, "");
    record.ip = ip;
    record.state = state;
    return record;
}

TEST(AddressChoice, LoopbackSubnetAndExactInterfaceAddressesAreOnTheHost) {
    FakeHostNetwork network;
    EXPECT_EQ(*usable_addresses({.ip = "127.0.0.9"}, network, {}), std::vector<std::string>{"127.0.0.9"});
    EXPECT_TRUE(usable_addresses({.ip = "192.0.2.10"}, network, {}));
    auto elsewhere = usable_addresses({.ip = "192.0.2.11"}, network, {});
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().kind, ErrorKind::usage);
    EXPECT_EQ(elsewhere.error().object, "address 192.0.2.11");
    EXPECT_NE(elsewhere.error().cause.find("not an address of this host"), std::string::npos);
    auto garbage = usable_addresses({.ip = "127.0.0.300"}, network, {});
    ASSERT_FALSE(garbage);
    EXPECT_NE(garbage.error().message().find("not an IPv4 address"), std::string::npos);
}

TEST(AddressChoice, AnAddressHeldByAnInstanceIsRefusedNamingIt) {
    FakeHostNetwork network;
    std::vector<InstanceRecord> records = {holding(4, "127.0.0.9", InstanceState::active),
                                           holding(5, "127.0.0.8", InstanceState::decommissioned)};
    auto taken = usable_addresses({.ip = "127.0.0.9"}, network, records);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), "address 127.0.0.9: taken by instance 4 (noeud-gitlab-4)");
    EXPECT_TRUE(usable_addresses({.ip = "127.0.0.8"}, network, records));
}

TEST(AddressChoice, HeldPortsOnTheAddressOrOnEveryAddressAreRefused) {
    FakeHostNetwork network;
    network.listening = {{"127.0.0.9", 443}, {"0.0.0.0", 22}};
    auto on_address = usable_addresses({.ip = "127.0.0.9"}, network, {});
    ASSERT_FALSE(on_address);
    EXPECT_EQ(on_address.error().message(),
              "address 127.0.0.9: port 443 is already in use (something listens on 127.0.0.9:443)");
    auto wildcard = usable_addresses({.ip = "127.0.0.10"}, network, {});
    ASSERT_FALSE(wildcard);
    EXPECT_NE(wildcard.error().message().find("port 22"), std::string::npos);
    EXPECT_TRUE(usable_addresses({.ip = "127.0.0.10", .ports = {80, 443, 2222}}, network, {}));
}

TEST(AddressChoice, DefaultIsTheHostsOwnAddressesWithoutLoopbackOrBridges) {
    FakeHostNetwork network;
    network.addresses.push_back({"veth12ab", "10.1.0.1", 24, false});
    network.addresses.push_back({"eth1", "198.51.100.7", 24, false});
    EXPECT_EQ(*usable_addresses({}, network, {}), (std::vector<std::string>{"192.0.2.10", "198.51.100.7"}));
}

TEST(AddressChoice, PoolKeepsItsOrderSkipsTakenOnesAndSaysWhyWhenFull) {
    FakeHostNetwork network;
    std::vector<InstanceRecord> records = {holding(1, "127.0.0.2", InstanceState::active)};
    network.listening = {{"127.0.0.3", 80}};
    AddressRequest request{.pool = {"127.0.0.2", "127.0.0.3", "127.0.0.4"}};
    EXPECT_EQ(*usable_addresses(request, network, records), std::vector<std::string>{"127.0.0.4"});
    records.push_back(holding(2, "127.0.0.4", InstanceState::commissioning));
    auto full = usable_addresses(request, network, records);
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().kind, ErrorKind::conflict);
    EXPECT_NE(full.error().message().find("127.0.0.2 taken by instance 1"), std::string::npos);
    EXPECT_NE(full.error().message().find("127.0.0.3 port 80 is already in use"), std::string::npos);
    auto foreign = usable_addresses({.pool = {"203.0.113.5"}}, network, {});
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().kind, ErrorKind::usage);
}

TEST(AddressChoice, InterfaceGivesItsAddressesEvenForLoopbackOrBridges) {
    FakeHostNetwork network;
    EXPECT_EQ(*usable_addresses({.interface = "docker0"}, network, {}), std::vector<std::string>{"172.17.0.1"});
    auto unknown = usable_addresses({.interface = "wlan9"}, network, {});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().object, "interface 'wlan9'");
}

}  // namespace
}  // namespace girofle
