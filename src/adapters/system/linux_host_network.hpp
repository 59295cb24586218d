#pragma once

#include "core/host_network.hpp"

namespace girofle {

// Interfaces from getifaddrs(3); listening sockets from /proc/net/tcp and tcp6, which needs
// no privilege and changes nothing (a trial bind would).
class LinuxHostNetwork final : public HostNetwork {
public:
    Result<std::vector<InterfaceAddress>> ipv4_addresses() override;
    Result<std::vector<ListeningSocket>> listening_tcp_sockets() override;
};

// One /proc/net/tcp or tcp6 table, parsed; exposed for unit tests.
std::vector<ListeningSocket> parse_proc_net_tcp(const std::string& table, bool ipv6);

}  // namespace girofle
