// inventory rebuild: a lost or damaged inventory recreated from what the host still shows,
// the containers' io.girofle.* labels and the instance directories under the root
// (their instance.json, else their newest snapshot's manifest), DESIGN.md §2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/services.hpp"

namespace girofle {

struct RebuildOptions {
    // Set a non-empty or unreadable inventory aside first (it is renamed, not deleted);
    // otherwise such an inventory is refused.
    bool replace = false;
};

struct RebuiltInstance {
    InstanceRecord record;
    std::string evidence;  // what it was rebuilt from: "container, instance.json", ...
    // Its directory's instance.json could not be read: left as it is for the operator.
    bool unreadable_copy = false;
};

struct RebuildOutcome {
    std::vector<RebuiltInstance> instances;  // by number
    std::uint64_t next_number = 1;           // the counter, past every number and directory
    // Where the sources disagree or say too little, one line each; the record kept is said.
    std::vector<std::string> inconsistencies;
    std::filesystem::path set_aside;  // where the old inventory went, if it was moved
};

// Gathers, reconciles, then writes the records with import(). Errors: conflict when the
// inventory holds records and !replace; failed when it cannot be read and !replace; Docker's
// errors (nothing is written then); usage when the backend cannot be rebuilt (an etcd fleet
// holding records is set aside by no single host).
Result<RebuildOutcome> rebuild_inventory(Services& services, const RebuildOptions& options);

// The gathering and reconciliation alone, changing nothing (also what the tests of the
// rules drive with a fake Docker).
Result<RebuildOutcome> plan_rebuild(Services& services);

}  // namespace girofle
