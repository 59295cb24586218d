#include "core/inventory/inventory_location.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(InventoryLocation, ReadsLmdbAndEtcdUrlsAndWritesThemBack) {
    auto lmdb = parse_inventory_location("lmdb:/girofle/inventory");
    ASSERT_TRUE(lmdb);
    EXPECT_EQ(lmdb->backend, InventoryLocation::Backend::lmdb);
    EXPECT_EQ(lmdb->lmdb_path, "/girofle/inventory");
    EXPECT_EQ(lmdb->url(), "lmdb:/girofle/inventory");

    auto etcd = parse_inventory_location("etcd://127.0.0.1:2379,etcd-2.example:2381/prod");
    ASSERT_TRUE(etcd) << etcd.error().message();
    EXPECT_EQ(etcd->backend, InventoryLocation::Backend::etcd);
    EXPECT_EQ(etcd->endpoints, (std::vector<std::string>{"127.0.0.1:2379", "etcd-2.example:2381"}));
    EXPECT_EQ(etcd->fleet, "prod");
    EXPECT_EQ(etcd->url(), "etcd://127.0.0.1:2379,etcd-2.example:2381/prod");
}

TEST(InventoryLocation, RefusesWhatItCannotUseWithOneLineNamingTheUrl) {
    for (const char* bad : {"redis://127.0.0.1:6379/prod", "etcd://127.0.0.1:2379", "etcd:///prod",
                            "etcd://127.0.0.1/prod", "etcd://127.0.0.1:99999/prod",
                            "etcd://127.0.0.1:2379/a/b", "etcd://127.0.0.1:2379/..", "lmdb:relative",
                            "lmdb:", "/girofle/inventory"}) {
        auto refused = parse_inventory_location(bad);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().kind, ErrorKind::usage) << bad;
        EXPECT_EQ(refused.error().object, "inventory '" + std::string(bad) + "'");
    }
    EXPECT_NE(parse_inventory_location("redis://x:1/p").error().cause.find("unknown scheme"), std::string::npos);
}

TEST(EtcdCredentials, AUserNeedsAPasswordFileAndAKeyNeedsItsCertificate) {
    auto good = etcd_credentials_from_json(
        {{"user", "girofle"}, {"password_file", "/etc/girofle/etcd.password"}, {"lease_seconds", 15}}, "girofle.json");
    ASSERT_TRUE(good);
    EXPECT_EQ(good->lease_seconds, 15);
    EXPECT_FALSE(etcd_credentials_from_json({{"user", "girofle"}}, "girofle.json"));
    EXPECT_FALSE(etcd_credentials_from_json({{"cert_file", "/c.pem"}}, "girofle.json"));
    EXPECT_FALSE(etcd_credentials_from_json({{"password", "secret"}}, "girofle.json"));
    EXPECT_FALSE(etcd_credentials_from_json({{"lease_seconds", 1}}, "girofle.json"));
}

}  // namespace
}  // namespace girofle
