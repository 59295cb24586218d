// Moving this host's records from one inventory to another (LMDB to etcd and back), and
// comparing an inventory with what Docker and the root directory show.
#pragma once

#include <string>
#include <vector>

#include "core/inventory.hpp"
#include "core/services.hpp"

namespace girofle {

// Copies every record `from` lists into `to`, which must hold none, with a counter past
// every copied number and every instance directory under the root (numbers are never
// reused). Returns how many records were copied. Errors: those of list() and import()
// (conflict when `to` already holds records: nothing is overwritten).
Result<std::size_t> migrate_inventory(Inventory& from, Inventory& to, const RootLayout& layout);

// Disagreements between the inventory and the host, one line each: a live record whose
// container is missing, a container of this root the inventory does not know, an instance
// directory without a record. Empty when they agree.
Result<std::vector<std::string>> check_inventory(Services& services);

}  // namespace girofle
