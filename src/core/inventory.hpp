// The record of every instance, shared by every Girofle process on the host (or, with etcd,
// on a fleet). Each call is its own atomic transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/instance.hpp"

namespace girofle {

// Held while an operation works on one instance; released when destroyed, or when its
// process dies (a killed run never leaves an instance locked for ever).
class OperationLock {
public:
    virtual ~OperationLock() = default;
};

struct Reservation {
    std::string name;                          // empty: unnamed
    std::vector<std::string> addresses;        // usable addresses, best first
    // The user named the address (--ip): finding it taken is their mistake (usage). Otherwise
    // the addresses are candidates found free a moment ago, and another commission may have
    // taken them meanwhile: that is the pool running out (conflict), not bad input.
    bool address_requested = false;
    std::uint64_t minimum_number = 1;          // numbers below this are never handed out
    // This number and no other (an instance restored on another host keeps its number):
    // usage error when it is below the counter or `minimum_number`, i.e. maybe used before.
    std::optional<std::uint64_t> exact_number;
    // Fills in the record for the number and address the inventory picked.
    std::function<InstanceRecord(std::uint64_t number, const std::string& ip)> make_record;
};


struct Reserved {
    InstanceRecord record;
    std::unique_ptr<OperationLock> lock;
};

class Inventory {
public:
    virtual ~Inventory() = default;

    // In one transaction: checks the name is free among instances holding an address, takes
    // the next number (monotonic, never reused) and the first address no instance holds,
    // stores the record, and takes the new instance's operation lock before anyone can see
    // it. Errors: usage (name taken, or the address the user requested is taken), conflict
    // (every candidate address taken).
    virtual Result<Reserved> reserve(const Reservation& reservation, const std::string& operation) = 0;

    // Applies `change` to the stored record in one transaction (read, change, write).
    virtual Result<InstanceRecord> modify(std::uint64_t number,
                                          const std::function<void(InstanceRecord&)>& change) = 0;

    // Only for undoing a reservation whose commission failed; the number stays used.
    virtual Result<void> remove(std::uint64_t number) = 0;

    // Every record, by number; none when there is no inventory yet.
    virtual Result<std::vector<InstanceRecord>> list() = 0;

    // Errors: busy, naming the operation and process that hold it.
    virtual Result<std::unique_ptr<OperationLock>> lock(std::uint64_t number,
                                                        const std::string& operation) = 0;

    virtual std::string location() const = 0;  // for messages: "lmdb:/girofle/inventory"
};

}  // namespace girofle
