// The fleet inventory: one etcd cluster shared by several hosts (DESIGN §11). Keys under
// /girofle/FLEET/: instances/N (the record, JSON), counter (the next number), names/NAME and
// addresses/HOSTID/ADDR (claims, value N), locks/N (operation locks on leases). Every write
// is one etcd transaction whose compares prove that what the reservation rules read is
// still true; a failed compare means another host won the race, and the whole read, choose,
// write step runs again (nothing outside etcd happens inside that loop). A member can apply
// a transaction and die before answering; the gateway then sends it to another member, where
// its compares fail on its own writes. So a failed compare is first checked against what this
// process wrote (a lock key under its own lease, a claim holding its own number).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "adapters/etcd/etcd_gateway.hpp"
#include "adapters/etcd/etcd_lease_lock.hpp"
#include "core/inventory.hpp"
#include "core/inventory/inventory_administration.hpp"

namespace girofle {

struct EtcdInventorySettings {
    EtcdConnection connection;
    std::string fleet;      // one key segment: keys live under /girofle/FLEET/
    std::string host_id;    // this host (ROOT/host-id)
    std::chrono::seconds lease_ttl{10};  // how long a lock survives an unreachable etcd
    std::string location;   // the URL, for messages
};

class EtcdInventory final : public Inventory, public InventoryAdministration {
public:
    explicit EtcdInventory(EtcdInventorySettings settings);

    Result<Reserved> reserve(const Reservation& reservation, const std::string& operation) override;
    Result<InstanceRecord> modify(std::uint64_t number,
                                  const std::function<void(InstanceRecord&)>& change) override;
    Result<void> remove(std::uint64_t number) override;
    Result<std::vector<InstanceRecord>> list() override;
    Result<std::vector<InstanceRecord>> list_fleet() override;
    Result<std::unique_ptr<OperationLock>> lock(std::uint64_t number,
                                                const std::string& operation) override;
    std::string location() const override { return settings_.location; }
    std::string host_id() const override { return settings_.host_id; }

    // Claims included, in batches of transactions (etcd's limit on operations per
    // transaction), after a create-only write of the counter that stops a concurrent import.
    Result<void> import(const std::vector<InstanceRecord>& records, std::uint64_t next_number) override;
    // Every member from the member list, each asked for its status directly.
    Result<std::vector<InventoryMember>> members() override;

private:
    struct Fleet;  // the whole prefix as read at one revision
    Result<Fleet> read_fleet();
    Result<nlohmann::json> transact(const nlohmann::json& compares, const nlohmann::json& success);
    std::string key(const std::string& suffix) const { return prefix_ + suffix; }
    std::string instance_key(std::uint64_t number) const;
    std::string name_key(const std::string& name) const;
    std::string address_key(const std::string& host_id, const std::string& address) const;
    std::string lock_key(std::uint64_t number) const;
    std::vector<std::string> claims_of(const InstanceRecord& record) const;
    std::unique_ptr<OperationLock> make_lock(HeldLease lease);
    std::optional<std::int64_t> fencing_token(std::uint64_t number) const;
    Result<void> explain_lost_lock(std::uint64_t number);
    // The create revision of `lock` when it exists under `lease` (our own write), else none.
    Result<std::optional<std::int64_t>> created_under_lease(const std::string& lock, std::int64_t lease);
    std::string holder_note(const std::string& operation) const;
    Error etcd_error(const Error& error) const;

    EtcdInventorySettings settings_;
    std::string prefix_;
    EtcdGateway gateway_;
    // Fencing tokens of the locks this process holds, by instance number.
    std::shared_ptr<std::mutex> tokens_mutex_ = std::make_shared<std::mutex>();
    std::shared_ptr<std::map<std::uint64_t, std::int64_t>> tokens_ =
        std::make_shared<std::map<std::uint64_t, std::int64_t>>();
};

}  // namespace girofle
