// Which host address a new instance gets, and why another one is refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/host_network.hpp"
#include "core/instance.hpp"

namespace girofle {

struct AddressRequest {
    std::optional<std::string> ip;         // --ip: exactly this one
    std::optional<std::string> interface;  // --interface: one of this interface's
    std::vector<std::string> pool;         // the root's configured pool, else host addresses
    PublishedPorts ports;
};

// Addresses usable now, best first: on the host, not held by an instance, ports free.
// An explicit --ip that cannot be used is a usage error saying why; an empty pool is a
// conflict listing what holds each address.
Result<std::vector<std::string>> usable_addresses(const AddressRequest& request,
                                                  HostNetwork& network,
                                                  const std::vector<InstanceRecord>& records);

bool is_ipv4_address(const std::string& text);

}  // namespace girofle
