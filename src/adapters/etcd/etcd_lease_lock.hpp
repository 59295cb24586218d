// An operation lock held in etcd: the key FLEET/locks/N attached to a lease that a thread
// keeps alive with one keepalive request per third of the lease (etcd 3.4's gateway ignores
// a stream of several). The key's create revision is the fencing token: every inventory
// write made under the lock compares it, so a holder that lost its lease can change nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "adapters/etcd/etcd_gateway.hpp"
#include "core/inventory.hpp"

namespace girofle {

struct HeldLease {
    std::int64_t lease_id = 0;
    std::chrono::seconds ttl{10};
    std::int64_t token = 0;   // the lock key's create revision
    std::uint64_t number = 0; // the instance it locks
};

class EtcdLeaseLock final : public OperationLock {
public:
    // Starts keeping `lease` alive at once. `on_release` runs when the lock is destroyed
    // (the inventory forgets the token it compared in writes).
    EtcdLeaseLock(const EtcdConnection& connection, HeldLease lease, std::function<void()> on_release);
    ~EtcdLeaseLock() override;  // stops the keepalive and revokes the lease (deleting the key)

    // Lost when etcd said the lease is gone, or when no keepalive succeeded for a whole TTL
    // (etcd may have expired it: we never guess it is still ours).
    Result<void> still_held() const override;

private:
    void keep_alive();

    EtcdGateway gateway_;
    HeldLease lease_;
    std::function<void()> on_release_;
    std::atomic<bool> lost_{false};
    std::atomic<std::int64_t> renewed_at_ms_;  // steady clock, last successful keepalive
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

// Grants a lease of `ttl`. Errors: those of EtcdGateway::call.
Result<std::int64_t> grant_lease(EtcdGateway& gateway, std::chrono::seconds ttl);
void revoke_lease(EtcdGateway& gateway, std::int64_t lease_id);

}  // namespace girofle
