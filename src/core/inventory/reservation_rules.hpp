// The reservation rules, once for every inventory backend: given what the inventory holds
// now, which number and address a reservation gets, or why it is refused. Pure: the
// backend applies the choice inside its own atomic step (an LMDB write transaction, an etcd
// transaction whose compares prove nothing changed since the records were read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/instance.hpp"
#include "core/inventory.hpp"

namespace girofle {

// What the inventory holds, as read in the same transaction that will apply the choice.
struct InventorySnapshot {
    const std::vector<InstanceRecord>& records;  // every record (the whole fleet on etcd)
    // The stored counter: the next number to hand out; 0 or 1 when none is stored yet.
    std::uint64_t stored_next_number = 1;
    // The host reserving: only its own records hold addresses against it ("" on LMDB,
    // where every record is on this host).
    std::string host_id;
};

struct ReservationChoice {
    std::uint64_t number = 0;
    std::string address;
    std::uint64_t next_number = 0;  // the counter to store: always number + 1
};

// Rules, in the order they are checked:
//  - the name (if any) is free among records holding an address, fleet-wide: usage error
//    "name 'N': already used by instance M (...)";
//  - the first address in `reservation.addresses` no record of this host holds; when the
//    only address given is taken: usage error "address A: taken by ..."; when several were
//    given and all are taken: conflict "host: no free address: taken ...";
//  - the number: the largest of the counter, one past every recorded number, and
//    `minimum_number` (numbers are monotonic and never reused); an `exact_number` below
//    that is a usage error naming the next free number.
Result<ReservationChoice> choose_reservation(const InventorySnapshot& snapshot,
                                             const Reservation& reservation);

// Records of `host_id` only (all of them when host ids are not used, as on LMDB).
std::vector<InstanceRecord> records_on_host(const std::vector<InstanceRecord>& records,
                                            const std::string& host_id);

}  // namespace girofle
