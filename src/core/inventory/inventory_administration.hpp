// What only inventory administration needs (migrate, doctor), kept off the Inventory
// interface that every operation uses: each real backend implements both.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/instance.hpp"

namespace girofle {

// One member of a replicated inventory (an etcd cluster), for doctor.
struct InventoryMember {
    std::string name;
    bool healthy = false;
    std::string detail;  // its address, version, leadership, or why it does not answer
};

class InventoryAdministration {
public:
    virtual ~InventoryAdministration() = default;

    // Writes `records` into an inventory that holds none (migration): each stored as this
    // host's, with the counter set to `next_number`. Errors: conflict when it already holds
    // records (nothing is overwritten).
    virtual Result<void> import(const std::vector<InstanceRecord>& records, std::uint64_t next_number) = 0;
    // The members of a replicated backend and their health; none for the embedded one.
    virtual Result<std::vector<InventoryMember>> members() { return std::vector<InventoryMember>{}; }
    // Moves a damaged or unwanted inventory out of the way, whole and untouched, so that a
    // rebuild starts from an empty one; gives where it went. Errors: usage for a backend whose
    // records are not this host's alone to set aside (a shared etcd fleet); the rename's.
    virtual Result<std::filesystem::path> set_aside() {
        return fail(ErrorKind::usage, "inventory", "a shared inventory is never set aside by one host");
    }
};

}  // namespace girofle
