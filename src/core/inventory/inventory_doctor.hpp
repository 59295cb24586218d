// doctor's lines about the inventory: which backend, whether it answers, and for a fleet
// this host's id and the health of every etcd member.
#pragma once

#include <vector>

#include "core/operations/doctor.hpp"

namespace girofle {

std::vector<Finding> inventory_findings(Inventory& inventory);

}  // namespace girofle
