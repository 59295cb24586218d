// The host's own addresses and listening sockets, as seen from the host's network namespace
// (the toolbox runs with --network host, so it sees the same).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct InterfaceAddress {
    std::string interface;
    std::string address;     // dotted IPv4
    int prefix_length = 32;
    bool loopback = false;
};

struct ListeningSocket {
    std::string address;     // dotted IPv4, "0.0.0.0" or "::" for every address
    int port = 0;
};

class HostNetwork {
public:
    virtual ~HostNetwork() = default;
    virtual Result<std::vector<InterfaceAddress>> ipv4_addresses() = 0;
    virtual Result<std::vector<ListeningSocket>> listening_tcp_sockets() = 0;
};

}  // namespace girofle
