#include "adapters/etcd/etcd_gateway.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(EtcdGateway, Base64RoundTripsEveryLengthAndRefusesGarbage) {
    for (const std::string& text : std::vector<std::string>{"", "a", "ab", "abc", "abcd", "/girofle/prod/instances/12",
                                                       std::string("\0\xff\x01", 3)}) {
        auto decoded = base64_decode(base64_encode(text));
        ASSERT_TRUE(decoded) << text;
        EXPECT_EQ(*decoded, text);
    }
    EXPECT_EQ(base64_encode("/girofle/"), "L2dpcm9mbGUv");
    EXPECT_FALSE(base64_decode("abc"));
    EXPECT_FALSE(base64_decode("a$c="));
}

TEST(EtcdGateway, ReadsTheGatewaysInt64StringsAndOmittedZeros) {
    auto answer = nlohmann::json::parse(R"({"header":{"revision":"42"},
        "kvs":[{"key":"YQ==","value":"MQ==","create_revision":"7","mod_revision":"9","lease":"123"},
               {"key":"Yg=="}]})");
    EXPECT_EQ(int64_field(answer["header"], "revision"), 42);
    EXPECT_EQ(int64_field(answer["header"], "raft_term"), 0);
    auto kvs = key_values_from(answer);
    ASSERT_EQ(kvs.size(), 2u);
    EXPECT_EQ(kvs[0].key, "a");
    EXPECT_EQ(kvs[0].value, "1");
    EXPECT_EQ(kvs[0].create_revision, 7);
    EXPECT_EQ(kvs[0].mod_revision, 9);
    EXPECT_EQ(kvs[0].lease, 123);
    EXPECT_EQ(kvs[1].value, "");
    EXPECT_EQ(kvs[1].create_revision, 0);
    EXPECT_TRUE(key_values_from(nlohmann::json::parse(R"({"header":{}})")).empty());
}

TEST(EtcdGateway, ThePrefixEndIsTheNextKeyAfterEveryKeyWithThePrefix) {
    EXPECT_EQ(prefix_end("/girofle/prod/"), "/girofle/prod0");
    EXPECT_EQ(prefix_end(std::string("a\xff", 2)), "b");
}

}  // namespace
}  // namespace girofle
