// Which host an instance lives on, for the operations that act on its container and
// directory (backup, restore in place, decommission, schedule, drills): in an etcd fleet
// they run only on the host that holds it (DESIGN.md §11).
#pragma once

#include <string_view>
#include <vector>

#include "core/inventory.hpp"

namespace girofle {

// Empty when `record` lives on this host: the embedded inventory's records (no host id), or
// a fleet record carrying this host's id. Otherwise error failed (exit 1), object the
// instance, naming the host it lives on and `operation` ("backup").
Result<void> check_on_this_host(const Inventory& inventory, const InstanceRecord& record,
                                std::string_view operation);

// find_instance() over `records` (this host's, from list()), then check_on_this_host(). An
// instance not found among them is looked for in the whole fleet of a shared inventory, so
// that one living on another host is refused by name rather than called unknown. Errors:
// find_instance()'s usage error, check_on_this_host()'s, list_fleet()'s.
Result<InstanceRecord> find_instance_on_this_host(Inventory& inventory,
                                                  const std::vector<InstanceRecord>& records,
                                                  std::string_view reference,
                                                  std::string_view operation);

}  // namespace girofle
