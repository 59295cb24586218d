// The one rule every operation on an instance's container and directory asks first: the
// instance lives on this host.
#include "core/inventory/instance_host.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(InstanceHost, OnlyAnotherHostsRecordIsRefusedAndTheMessageNamesThatHost) {
    // Only host_id() is asked; the rest never runs.
    struct SharedInventory final : Inventory {
        Result<Reserved> reserve(const Reservation&, const std::string&) override { return fail(ErrorKind::failed, "", ""); }
        Result<InstanceRecord> modify(std::uint64_t, const std::function<void(InstanceRecord&)>&) override {
            return fail(ErrorKind::failed, "", "");
        }
        Result<void> remove(std::uint64_t) override { return {}; }
        Result<std::vector<InstanceRecord>> list() override { return std::vector<InstanceRecord>{}; }
        Result<std::unique_ptr<OperationLock>> lock(std::uint64_t, const std::string&) override {
            return fail(ErrorKind::failed, "", "");
        }
        std::string location() const override { return "etcd://test/fleet"; }
        std::string host_id() const override { return "vm-b"; }
    } inventory;
    InstanceRecord record;
    record.number = 4;
    record.container = "noeud-gitlab-4";
    EXPECT_TRUE(check_on_this_host(inventory, record, "backup"));
    record.host_id = "vm-b";
    EXPECT_TRUE(check_on_this_host(inventory, record, "backup"));
    record.host_id = "vm-a";
    auto refused = check_on_this_host(inventory, record, "decommission");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::failed);
    EXPECT_EQ(refused.error().message(),
              "instance 4 (noeud-gitlab-4): lives on host vm-a, not this one (vm-b); run decommission on vm-a");
}

}  // namespace
}  // namespace girofle
