#include "adapters/etcd/etcd_lease_lock.hpp"

#include "core/inventory/held_locks.hpp"

namespace girofle {
namespace {

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Result<std::int64_t> grant_lease(EtcdGateway& gateway, std::chrono::seconds ttl) {
    auto answer = gateway.call("/v3/lease/grant", {{"TTL", std::to_string(ttl.count())}});
    if (!answer) return std::unexpected(answer.error());
    const std::int64_t id = int64_field(*answer, "ID");
    if (id == 0) return fail(ErrorKind::failed, gateway.object(), "granted no lease");
    return id;
}

void revoke_lease(EtcdGateway& gateway, std::int64_t lease_id) {
    // Failing to revoke is harmless: the lease expires by itself after its TTL.
    (void)gateway.call("/v3/lease/revoke", {{"ID", std::to_string(lease_id)}});
}

EtcdLeaseLock::EtcdLeaseLock(const EtcdConnection& connection, HeldLease lease,
                             std::function<void()> on_release)
    : gateway_(connection), lease_(lease), on_release_(std::move(on_release)),
      renewed_at_ms_(steady_ms()) {
    thread_ = std::thread([this] { keep_alive(); });
    register_held_lock(this);
}

EtcdLeaseLock::~EtcdLeaseLock() {
    unregister_held_lock(this);
    {
        std::lock_guard guard(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (!lost_) revoke_lease(gateway_, lease_.lease_id);
    if (on_release_) on_release_();
}

void EtcdLeaseLock::keep_alive() {
    const auto period = std::chrono::milliseconds(lease_.ttl) / 3;
    std::unique_lock guard(mutex_);
    while (!stopping_ && !lost_) {
        wake_.wait_for(guard, period, [this] { return stopping_; });
        if (stopping_) break;
        guard.unlock();
        auto answer = gateway_.call("/v3/lease/keepalive", {{"ID", std::to_string(lease_.lease_id)}});
        if (answer) {
            // The gateway wraps the streamed answer in "result"; a TTL of zero (absent) means
            // the lease expired and the lock key is gone.
            const auto result = answer->value("result", nlohmann::json::object());
            if (int64_field(result, "TTL") > 0) renewed_at_ms_ = steady_ms();
            else lost_ = true;
        }
        if (steady_ms() - renewed_at_ms_ >= std::chrono::milliseconds(lease_.ttl).count()) lost_ = true;
        guard.lock();
    }
}

Result<void> EtcdLeaseLock::still_held() const {
    const bool expired =
        steady_ms() - renewed_at_ms_ >= std::chrono::milliseconds(lease_.ttl).count();
    if (!lost_ && !expired) return {};
    return fail(ErrorKind::failed, "instance " + std::to_string(lease_.number),
                "lost its operation lock: the etcd lease expired (etcd unreachable for " +
                    std::to_string(lease_.ttl.count()) + " s or more); stopped at a safe point");
}

}  // namespace girofle
