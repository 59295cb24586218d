#include "core/inventory/reservation_rules.hpp"

#include <algorithm>

namespace girofle {

std::vector<InstanceRecord> records_on_host(const std::vector<InstanceRecord>& records,
                                            const std::string& host_id) {
    std::vector<InstanceRecord> on_host;
    for (const auto& record : records)
        if (record.host_id == host_id) on_host.push_back(record);
    return on_host;
}

Result<ReservationChoice> choose_reservation(const InventorySnapshot& snapshot,
                                             const Reservation& reservation) {
    if (auto free = check_name_free(snapshot.records, reservation.name); !free)
        return std::unexpected(free.error());

    const auto on_host = records_on_host(snapshot.records, snapshot.host_id);
    ReservationChoice choice;
    std::vector<std::string> holders;  // "ADDR by instance N (...)", for the message
    for (const auto& address : reservation.addresses) {
        const InstanceRecord* holder = holder_of_address(on_host, address);
        if (!holder) {
            choice.address = address;
            break;
        }
        if (reservation.address_requested)
            return fail(ErrorKind::usage, "address " + address, "taken by " + holder->label());
        holders.push_back(address + " by " + holder->label());
    }
    if (choice.address.empty()) {
        std::string taken;
        for (const auto& holder : holders) taken += (taken.empty() ? "" : ", ") + holder;
        return fail(ErrorKind::conflict, "host", "no free address: taken " + taken);
    }

    std::uint64_t next = std::max<std::uint64_t>(snapshot.stored_next_number, 1);
    for (const auto& record : snapshot.records) next = std::max(next, record.number + 1);
    choice.number = std::max(next, reservation.minimum_number);
    if (reservation.exact_number) {
        if (*reservation.exact_number < choice.number)
            return fail(ErrorKind::usage,
                        "instance number " + std::to_string(*reservation.exact_number),
                        "already used on this root (numbers are never reused; the next free one is " +
                            std::to_string(choice.number) + ")");
        choice.number = *reservation.exact_number;
    }
    choice.next_number = choice.number + 1;
    return choice;
}

}  // namespace girofle
