#include "integration/inventory/inventory_backends.hpp"

#include <unistd.h>

#include <atomic>

namespace girofle::testing {

EtcdCluster& shared_etcd() {
    // Lives until the process ends: members are killed by the destructor at exit.
    static TempDir dir("girofle-etcd");
    static EtcdCluster cluster(dir / "cluster", 1);
    return cluster;
}

EtcdInventorySettings etcd_settings(const EtcdCluster& cluster, const std::string& fleet,
                                    const std::string& host_id) {
    return {.connection = {.endpoints = cluster.endpoints()},
            .fleet = fleet,
            .host_id = host_id,
            .lease_ttl = std::chrono::seconds(3),
            .location = cluster.url(fleet)};
}

std::string fresh_fleet_name() {
    static std::atomic<int> counter{0};
    return "test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace girofle::testing
