// A reservation as commission makes one, for inventory tests: the record gets the container
// name and directory of its number.
#pragma once

#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace girofle::testing {

inline Reservation test_reservation(std::vector<std::string> addresses, std::string name = "") {
    return {.name = name,
            .addresses = std::move(addresses),
            .make_record = [name](std::uint64_t number, const std::string&) {
                InstanceRecord record;
                record.name = name;
                record.container = container_name_for(number, name);
                record.directory = "/root/" + instance_base_name(number);
                return record;
            }};
}

}  // namespace girofle::testing
