#include "core/instance.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

InstanceRecord record(std::uint64_t number, std::string name, InstanceState state,
                      std::string ip = "127.0.0.2") {
    InstanceRecord r;
    r.number = number;
    r.name = std::move(name);
    r.container = container_name_for(number, r.name);
    r.directory = "/girofle/" + instance_base_name(number);
    r.ip = std::move(ip);
    r.state = state;
    return r;
}

TEST(InstanceName, AcceptsDnsLabelsAndRefusesTheRest) {
    for (const char* good : {"a", "wiki", "team-42", "a1234567890123456789012345678901"})
        EXPECT_TRUE(validate_instance_name(good)) << good;
    for (const char* bad : {"", "42", "-wiki", "wiki-", "Wiki", "wi ki", "wiki_2", "../x", "a;rm",
                            "a12345678901234567890123456789012"}) {
        auto result = validate_instance_name(bad);
        ASSERT_FALSE(result) << bad;
        EXPECT_EQ(result.error().kind, ErrorKind::usage);
        EXPECT_NE(result.error().message().find(std::string("'") + bad + "'"), std::string::npos);
    }
}

TEST(InstanceName, ContainerAndDirectoryNamesCarryTheNumber) {
    EXPECT_EQ(instance_base_name(7), "noeud-gitlab-7");
    EXPECT_EQ(container_name_for(7, ""), "noeud-gitlab-7");
    EXPECT_EQ(container_name_for(7, "wiki"), "noeud-gitlab-7-wiki");
    EXPECT_EQ(number_from_instance_name("noeud-gitlab-7-wiki"), 7u);
    EXPECT_EQ(number_from_instance_name("noeud-gitlab-12"), 12u);
    EXPECT_FALSE(number_from_instance_name("gitlab-7"));
    EXPECT_FALSE(number_from_instance_name("noeud-gitlab-x"));
}

TEST(InstanceRecordJson, RoundTripsAndKeepsFieldsOfNewerVersions) {
    auto original = record(3, "wiki", InstanceState::active);
    original.ports = {8080, 8443, 2222};
    original.last_backup = "20261125T050000Z";
    nlohmann::json json = to_json(original);
    json["field_from_the_future"] = {{"nested", 1}};
    auto parsed = record_from_json(json);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->number, 3u);
    EXPECT_EQ(parsed->ports, (PublishedPorts{8080, 8443, 2222}));
    EXPECT_EQ(parsed->state, InstanceState::active);
    EXPECT_EQ(parsed->last_backup, "20261125T050000Z");
    EXPECT_EQ(to_json(*parsed)["field_from_the_future"]["nested"], 1);
}

TEST(InstanceRecordJson, RefusesANewerSchemaAndUnknownStates) {
    auto json = to_json(record(1, "", InstanceState::active));
    json["schema"] = InstanceRecord::kSchema + 1;
    EXPECT_FALSE(record_from_json(json));
    json["schema"] = InstanceRecord::kSchema;
    json["state"] = "exploded";
    EXPECT_FALSE(record_from_json(json));
}

TEST(FindInstance, ByNumberNameOrContainerPreferringLiveInstances) {
    std::vector<InstanceRecord> records = {record(1, "wiki", InstanceState::decommissioned),
                                           record(2, "wiki", InstanceState::active, "127.0.0.3"),
                                           record(3, "", InstanceState::active, "127.0.0.4")};
    EXPECT_EQ(find_instance(records, "1")->number, 1u);
    EXPECT_EQ(find_instance(records, "wiki")->number, 2u);
    EXPECT_EQ(find_instance(records, "noeud-gitlab-1-wiki")->number, 1u);
    EXPECT_EQ(find_instance(records, "noeud-gitlab-3")->number, 3u);
    auto missing = find_instance(records, "nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::usage);
    EXPECT_EQ(missing.error().message(), "instance 'nope': no such instance (see girofle list --all)");
}

TEST(HolderOf, OnlyInstancesThatHoldTheirAddressCount) {
    std::vector<InstanceRecord> records = {record(1, "wiki", InstanceState::decommissioned),
                                           record(2, "docs", InstanceState::commissioning, "127.0.0.3")};
    EXPECT_EQ(holder_of_name(records, "wiki"), nullptr);
    EXPECT_EQ(holder_of_address(records, "127.0.0.2"), nullptr);
    ASSERT_NE(holder_of_address(records, "127.0.0.3"), nullptr);
    EXPECT_FALSE(check_name_free(records, "docs"));
    EXPECT_TRUE(check_name_free(records, ""));
}

TEST(ExternalUrl, CarriesANonDefaultPort) {
    EXPECT_EQ(external_url_for("127.0.0.2", 80), "http://127.0.0.2");
    EXPECT_EQ(external_url_for("git.example.org", 8080), "http://git.example.org:8080");
}

}  // namespace
}  // namespace girofle
