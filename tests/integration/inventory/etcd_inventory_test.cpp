// What only a shared etcd inventory has: several hosts, leases, credentials, a key space
// other programs may also use.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "integration/inventory/inventory_backends.hpp"
#include "support/answer_dropping_relay.hpp"
#include "support/loopback_port.hpp"
#include "support/required_programs.hpp"
#include "support/test_reservation.hpp"

namespace girofle {
namespace {

using testing::TempDir;

Reservation reservation(std::vector<std::string> addresses, std::string name = "") {
    return testing::test_reservation(std::move(addresses), std::move(name));
}

class EtcdInventoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
        fleet_ = testing::fresh_fleet_name();
    }
    EtcdInventory host(const std::string& host_id) {
        return EtcdInventory(testing::etcd_settings(testing::shared_etcd(), fleet_, host_id));
    }
    std::string fleet_;
};

TEST_F(EtcdInventoryTest, NumbersAndNamesAreFleetWideAddressesArePerHost) {
    auto vm_a = host("vm-a");
    auto vm_b = host("vm-b");
    auto wiki = vm_a.reserve(reservation({"127.0.1.2"}, "wiki"), "commission");
    ASSERT_TRUE(wiki) << wiki.error().message();
    // The same address on another VM is another claim; the same name is not.
    auto same_address = vm_b.reserve(reservation({"127.0.1.2"}, "docs"), "commission");
    ASSERT_TRUE(same_address) << same_address.error().message();
    EXPECT_EQ(same_address->record.number, 2u);
    EXPECT_EQ(same_address->record.host_id, "vm-b");
    auto same_name = vm_b.reserve(reservation({"127.0.2.3"}, "wiki"), "commission");
    ASSERT_FALSE(same_name);
    EXPECT_EQ(same_name.error().kind, ErrorKind::usage);

    EXPECT_EQ(vm_a.list()->size(), 1u);
    EXPECT_EQ(vm_b.list()->size(), 1u);
    auto fleet = vm_a.list_fleet();
    ASSERT_TRUE(fleet);
    ASSERT_EQ(fleet->size(), 2u);
    EXPECT_EQ(fleet->at(0).host_id, "vm-a");
    EXPECT_EQ(fleet->at(1).host_id, "vm-b");

    // An independent reader sees the keys DESIGN §11 names.
    auto keys = testing::shared_etcd().etcdctl({"get", "--prefix", "--keys-only", "/girofle/" + fleet_ + "/"});
    ASSERT_EQ(keys.status, 0) << keys.err;
    for (const char* key : {"instances/1", "instances/2", "counter", "names/wiki", "names/docs",
                            "addresses/vm-a/127.0.1.2", "addresses/vm-b/127.0.1.2", "locks/1", "locks/2"})
        EXPECT_NE(keys.out.find("/girofle/" + fleet_ + "/" + key + "\n"), std::string::npos) << key << "\n" << keys.out;
}

TEST_F(EtcdInventoryTest, ALostLeaseIsReportedAndFencesEveryWrite) {
    auto inventory = host("vm-a");
    auto reserved = inventory.reserve(reservation({"127.0.0.2"}), "backup");
    ASSERT_TRUE(reserved) << reserved.error().message();
    ASSERT_TRUE(reserved->lock->still_held());

    auto& cluster = testing::shared_etcd();
    cluster.freeze_member(0);
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // longer than the 3 s lease
    auto lost = reserved->lock->still_held();
    cluster.thaw_member(0);
    ASSERT_FALSE(lost);
    EXPECT_NE(lost.error().message().find("lost its operation lock"), std::string::npos) << lost.error().message();

    // etcd expires the lease once it runs again; from then on the old holder writes nothing.
    auto other = host("vm-a");
    std::unique_ptr<OperationLock> taken;
    for (int i = 0; i < 100 && !taken; ++i) {
        auto attempt = other.lock(1, "decommission");
        if (attempt) taken = std::move(*attempt);
        else std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(taken) << "the expired lease never freed the lock";
    auto fenced = inventory.modify(1, [](InstanceRecord& r) { r.last_backup = "20261130T060000Z"; });
    ASSERT_FALSE(fenced);
    EXPECT_NE(fenced.error().message().find("lost its operation lock"), std::string::npos) << fenced.error().message();
    EXPECT_EQ(other.list()->front().last_backup, "");
    EXPECT_TRUE(other.modify(1, [](InstanceRecord& r) { r.last_backup = "20261130T060001Z"; }));
}

TEST_F(EtcdInventoryTest, AFleetPrefixHoldingForeignKeysIsRefused) {
    auto put = testing::shared_etcd().etcdctl({"put", "/girofle/" + fleet_ + "/config/something", "x"});
    ASSERT_EQ(put.status, 0) << put.err;
    auto inventory = host("vm-a");
    auto refused = inventory.reserve(reservation({"127.0.0.2"}), "commission");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::usage);
    EXPECT_NE(refused.error().message().find("holds keys Girofle did not write"), std::string::npos);
    auto keys = testing::shared_etcd().etcdctl({"get", "--prefix", "--keys-only", "/girofle/" + fleet_ + "/"});
    EXPECT_EQ(keys.out.find("instances/"), std::string::npos) << "nothing written";
}

TEST_F(EtcdInventoryTest, AnUnreachableClusterIsOneErrorNamingEtcd) {
    auto settings = testing::etcd_settings(testing::shared_etcd(), fleet_, "vm-a");
    settings.connection.endpoints = {"127.0.0.1:" + std::to_string(testing::free_loopback_port())};
    EtcdInventory inventory(settings);
    auto refused = inventory.list();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::unavailable);
    EXPECT_NE(refused.error().message().find("etcd"), std::string::npos) << refused.error().message();
    EXPECT_EQ(refused.error().message().find('\n'), std::string::npos);
}

TEST_F(EtcdInventoryTest, UserAndPasswordFromAPrivateFileAreUsedAndWrongOnesRefused) {
    TempDir dir("girofle-etcd-auth");
    testing::EtcdCluster cluster(dir / "cluster", 1);
    ASSERT_EQ(cluster.etcdctl({"user", "add", "root:root-secret"}).status, 0);
    ASSERT_EQ(cluster.etcdctl({"user", "add", "girofle:fleet-secret"}).status, 0);
    ASSERT_EQ(cluster.etcdctl({"role", "add", "fleet"}).status, 0);
    ASSERT_EQ(cluster.etcdctl({"role", "grant-permission", "fleet", "--prefix=true", "readwrite", "/girofle/"}).status, 0);
    ASSERT_EQ(cluster.etcdctl({"user", "grant-role", "girofle", "fleet"}).status, 0);
    ASSERT_EQ(cluster.etcdctl({"auth", "enable"}).status, 0);

    auto settings = testing::etcd_settings(cluster, "prod", "vm-a");
    settings.connection.user = "girofle";
    settings.connection.password_file = dir / "password";
    testing::write_file(dir / "password", "fleet-secret\n");
    ::chmod((dir / "password").c_str(), 0644);
    auto open_file = EtcdInventory(settings).list();
    ASSERT_FALSE(open_file);
    EXPECT_EQ(open_file.error().kind, ErrorKind::permission);
    EXPECT_NE(open_file.error().message().find("mode 0600"), std::string::npos) << open_file.error().message();

    ::chmod((dir / "password").c_str(), 0600);
    EtcdInventory inventory(settings);
    auto reserved = inventory.reserve(reservation({"127.0.0.2"}, "wiki"), "commission");
    ASSERT_TRUE(reserved) << reserved.error().message();
    reserved->lock.reset();
    EXPECT_EQ(inventory.list()->size(), 1u);

    testing::write_file(dir / "password", "not-the-password\n");
    auto wrong = EtcdInventory(settings).list();
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, ErrorKind::permission);
    EXPECT_NE(wrong.error().message().find("etcd"), std::string::npos);
    EXPECT_EQ(wrong.error().message().find("not-the-password"), std::string::npos);
    EXPECT_EQ(wrong.error().message().find("fleet-secret"), std::string::npos);
}

TEST_F(EtcdInventoryTest, OneMemberDownChangesNothingTwoDownFailNamingEtcdAndWriteNothing) {
    TempDir dir("girofle-etcd-quorum");
    testing::EtcdCluster cluster(dir / "cluster", 3);
    auto settings = testing::etcd_settings(cluster, "quorum", "vm-a");
    EtcdInventory inventory(settings);
    auto first = inventory.reserve(reservation({"127.0.1.2"}, "wiki"), "commission");
    ASSERT_TRUE(first) << first.error().message();
    first->lock.reset();

    cluster.kill_member(0);  // the first endpoint Girofle tries
    auto second = inventory.reserve(reservation({"127.0.1.2", "127.0.1.3"}, "docs"), "commission");
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_EQ(second->record.number, 2u);
    EXPECT_EQ(second->record.ip, "127.0.1.3");
    second->lock.reset();
    EXPECT_EQ(EtcdInventory(settings).list()->size(), 2u);

    cluster.kill_member(1);
    auto refused = EtcdInventory(settings).reserve(reservation({"127.0.1.4"}, "blog"), "commission");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::unavailable);
    EXPECT_TRUE(refused.error().message().starts_with("inventory etcd://")) << refused.error().message();
    EXPECT_NE(refused.error().message().find("etcd"), std::string::npos);
    EXPECT_EQ(refused.error().message().find('\n'), std::string::npos);

    cluster.restart_member(1);
    ASSERT_TRUE(cluster.wait_healthy());
    auto records = EtcdInventory(settings).list();
    ASSERT_TRUE(records) << records.error().message();
    EXPECT_EQ(records->size(), 2u) << "the refused reservation wrote nothing";
    auto keys = cluster.etcdctl({"get", "--prefix", "--keys-only", "/girofle/quorum/names/"});
    EXPECT_EQ(keys.out.find("blog"), std::string::npos) << keys.out;
}

// A member that applies a transaction and dies before answering, or while answering: the
// gateway sends the same transaction to the next member, where its compares fail on its own
// writes. Each write must recognise them as its own, not as another host's (a commission once
// failed naming its own name, and left its record half-made; another once failed on curl's
// "partial file" with a member killed mid-answer). A relay in front of the member withholds
// one answer, whole or after its headers.
class EtcdLostAnswer : public EtcdInventoryTest,
                       public ::testing::WithParamInterface<testing::AnswerDroppingRelay::Cut> {};

INSTANTIATE_TEST_SUITE_P(Cuts, EtcdLostAnswer,
                         ::testing::Values(testing::AnswerDroppingRelay::Cut::before_answer,
                                           testing::AnswerDroppingRelay::Cut::mid_body),
                         [](const auto& cut) {
                             return cut.param == testing::AnswerDroppingRelay::Cut::mid_body ? "MidBody"
                                                                                               : "BeforeAnswer";
                         });

TEST_P(EtcdLostAnswer, AWriteEtcdAppliedButDidNotAnswerIsRecognisedAsOurOwn) {
    auto& cluster = testing::shared_etcd();
    const std::string member = cluster.endpoints().front();
    const int member_port = std::stoi(member.substr(member.rfind(':') + 1));
    // A fresh relay and client per step: after the lost answer the client prefers the member.
    auto behind_relay = [&](testing::AnswerDroppingRelay& relay) {
        auto settings = testing::etcd_settings(cluster, fleet_, "vm-a");
        settings.connection.endpoints = {relay.endpoint(), member};
        return EtcdInventory(settings);
    };

    std::uint64_t number = 0;
    {
        testing::AnswerDroppingRelay relay(member_port, "/v3/kv/txn", 1, GetParam());
        auto inventory = behind_relay(relay);
        auto reserved = inventory.reserve(reservation({"127.0.1.2"}, "wiki"), "commission");
        ASSERT_TRUE(reserved) << reserved.error().message();
        EXPECT_EQ(relay.dropped(), 1);
        number = reserved->record.number;
        ASSERT_TRUE(reserved->lock->still_held());
        auto renamed = [&] {
            testing::AnswerDroppingRelay rename_relay(member_port, "/v3/kv/txn", 1, GetParam());
            auto renaming = behind_relay(rename_relay);
            auto changed = renaming.modify(number, [](InstanceRecord& record) { record.name = "docs"; });
            EXPECT_EQ(rename_relay.dropped(), 1);
            return changed;
        }();
        ASSERT_TRUE(renamed) << renamed.error().message();
        EXPECT_EQ(renamed->name, "docs");
    }
    {
        testing::AnswerDroppingRelay relay(member_port, "/v3/kv/txn", 1, GetParam());
        auto inventory = behind_relay(relay);
        auto locked = inventory.lock(number, "backup");
        ASSERT_TRUE(locked) << locked.error().message();
        EXPECT_EQ(relay.dropped(), 1);
        EXPECT_TRUE((*locked)->still_held());
        auto second = host("vm-b").lock(number, "restore");
        ASSERT_FALSE(second);
        EXPECT_EQ(second.error().kind, ErrorKind::busy);
    }

    // One record, one counter step, claims only for the new name.
    auto fleet = host("vm-a").list_fleet();
    ASSERT_TRUE(fleet) << fleet.error().message();
    ASSERT_EQ(fleet->size(), 1u);
    EXPECT_EQ(fleet->front().name, "docs");
    EXPECT_EQ(fleet->front().state, InstanceState::commissioning);
    auto next = host("vm-a").reserve(reservation({"127.0.1.3"}, "wiki"), "commission");
    ASSERT_TRUE(next) << next.error().message();
    EXPECT_EQ(next->record.number, number + 1);
}

}  // namespace
}  // namespace girofle
