// The inventory backends the conformance suite runs against: the embedded LMDB inventory in a
// temporary root, and an etcd inventory on a real one-member cluster on 127.0.0.1 (one fleet
// per test, so that tests share the cluster but never each other's keys).
#pragma once

#include <memory>
#include <string>

#include "adapters/etcd/etcd_inventory.hpp"
#include "core/inventory.hpp"
#include "support/etcd_cluster.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {

// A real etcd member shared by the tests of one binary run; started on first use.
EtcdCluster& shared_etcd();

EtcdInventorySettings etcd_settings(const EtcdCluster& cluster, const std::string& fleet,
                                    const std::string& host_id);

// A fleet name no other test in this run uses.
std::string fresh_fleet_name();

}  // namespace girofle::testing
