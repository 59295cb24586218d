#include "adapters/system/linux_host_network.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace girofle {
namespace {

constexpr const char* kListenState = "0A";

// The kernel prints addresses as the raw in-memory words in hex, so each 32-bit group is in
// host byte order.
std::optional<std::string> decode_address(const std::string& hex, bool ipv6) {
    if (!ipv6) {
        if (hex.size() != 8) return {};
        std::uint32_t raw = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
        in_addr address{raw};
        char text[INET_ADDRSTRLEN];
        return std::string(::inet_ntop(AF_INET, &address, text, sizeof text));
    }
    if (hex.size() != 32) return {};
    in6_addr address{};
    for (int word = 0; word < 4; ++word) {
        std::uint32_t raw = static_cast<std::uint32_t>(std::stoul(hex.substr(word * 8, 8), nullptr, 16));
        std::memcpy(&address.s6_addr[word * 4], &raw, 4);
    }
    if (IN6_IS_ADDR_UNSPECIFIED(&address)) return std::string("::");
    if (IN6_IS_ADDR_V4MAPPED(&address)) {
        in_addr v4{};
        std::memcpy(&v4, &address.s6_addr[12], 4);
        char text[INET_ADDRSTRLEN];
        return std::string(::inet_ntop(AF_INET, &v4, text, sizeof text));
    }
    return {};  // a pure IPv6 address cannot hold an IPv4 port
}

}  // namespace

std::vector<ListeningSocket> parse_proc_net_tcp(const std::string& table, bool ipv6) {
    std::vector<ListeningSocket> sockets;
    std::istringstream lines(table);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        if (!(fields >> slot >> local >> remote >> state) || state != kListenState) continue;
        auto colon = local.find(':');
        if (colon == std::string::npos) continue;
        auto address = decode_address(local.substr(0, colon), ipv6);
        if (!address) continue;
        sockets.push_back({*address, static_cast<int>(std::stoul(local.substr(colon + 1), nullptr, 16))});
    }
    return sockets;
}

Result<std::vector<InterfaceAddress>> LinuxHostNetwork::ipv4_addresses() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return fail(ErrorKind::failed, "host", std::string("cannot list interfaces: ") + std::strerror(errno));
    std::vector<InterfaceAddress> result;
    for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) continue;
        auto* address = reinterpret_cast<sockaddr_in*>(entry->ifa_addr);
        char text[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text);
        int prefix = 32;
        if (entry->ifa_netmask)
            prefix = std::popcount(reinterpret_cast<sockaddr_in*>(entry->ifa_netmask)->sin_addr.s_addr);
        result.push_back({entry->ifa_name, text, prefix, (entry->ifa_flags & IFF_LOOPBACK) != 0});
    }
    ::freeifaddrs(list);
    return result;
}

Result<std::vector<ListeningSocket>> LinuxHostNetwork::listening_tcp_sockets() {
    std::vector<ListeningSocket> all;
    for (bool ipv6 : {false, true}) {
        std::ifstream in(ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp");
        if (!in) {
            if (ipv6) continue;  // a kernel without IPv6
            return fail(ErrorKind::failed, "host", "cannot read /proc/net/tcp");
        }
        std::stringstream content;
        content << in.rdbuf();
        auto sockets = parse_proc_net_tcp(content.str(), ipv6);
        all.insert(all.end(), sockets.begin(), sockets.end());
    }
    return all;
}

}  // namespace girofle
