#include "core/address_choice.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace girofle {
namespace {

std::optional<std::uint32_t> to_host_order(const std::string& text) {
    in_addr parsed{};
    if (::inet_pton(AF_INET, text.c_str(), &parsed) != 1) return {};
    return ntohl(parsed.s_addr);
}

// Loopback interfaces answer for their whole subnet (127.0.0.0/8 on lo); others only for
// the exact address.
bool is_on_host(const std::string& address, const std::vector<InterfaceAddress>& host) {
    auto wanted = to_host_order(address);
    for (const auto& entry : host) {
        if (entry.address == address) return true;
        auto base = to_host_order(entry.address);
        if (!entry.loopback || !wanted || !base) continue;
        std::uint32_t mask =
            entry.prefix_length == 0 ? 0 : ~std::uint32_t{0} << (32 - entry.prefix_length);
        if ((*wanted & mask) == (*base & mask)) return true;
    }
    return false;
}

// Bridges and veth pairs belong to container engines, not to the host's users.
bool is_engine_interface(const std::string& name) {
    return name.starts_with("docker") || name.starts_with("br-") || name.starts_with("veth") ||
           name.starts_with("cni") || name.starts_with("podman") || name.starts_with("virbr");
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// Why `address` cannot take a new instance, or nothing when it can.
std::optional<std::string> why_unusable(const std::string& address, const PublishedPorts& ports,
                                        const std::vector<ListeningSocket>& listening,
                                        const std::vector<InstanceRecord>& records) {
    if (const auto* holder = holder_of_address(records, address)) return "taken by " + holder->label();
    for (int port : ports.all())
        for (const auto& socket : listening)
            if (socket.port == port && (socket.address == address ||
                                        socket.address == "0.0.0.0" || socket.address == "::"))
                return "port " + std::to_string(port) + " is already in use (something listens on " +
                       (socket.address == "::" ? "[::]" : socket.address) + ":" +
                       std::to_string(port) + ")";
    return {};
}

}  // namespace

bool is_ipv4_address(const std::string& text) { return to_host_order(text).has_value(); }

Result<std::vector<std::string>> usable_addresses(const AddressRequest& request,
                                                  HostNetwork& network,
                                                  const std::vector<InstanceRecord>& records) {
    auto host = network.ipv4_addresses();
    if (!host) return std::unexpected(host.error());
    auto listening = network.listening_tcp_sockets();
    if (!listening) return std::unexpected(listening.error());

    std::vector<std::string> candidates;
    if (request.ip) {
        const std::string& ip = *request.ip;
        if (!is_ipv4_address(ip))
            return fail(ErrorKind::usage, "address '" + ip + "'", "not an IPv4 address");
        if (!is_on_host(ip, *host))
            return fail(ErrorKind::usage, "address " + ip,
                        "not an address of this host (see girofle doctor for its addresses)");
        if (auto why = why_unusable(ip, request.ports, *listening, records))
            return fail(ErrorKind::usage, "address " + ip, *why);
        return std::vector<std::string>{ip};
    }
    if (request.interface) {
        for (const auto& entry : *host)
            if (entry.interface == *request.interface) candidates.push_back(entry.address);
        if (candidates.empty())
            return fail(ErrorKind::usage, "interface '" + *request.interface + "'",
                        "no such interface, or it has no IPv4 address");
    } else if (!request.pool.empty()) {
        for (const auto& address : request.pool) {
            if (!is_on_host(address, *host))
                return fail(ErrorKind::usage, "address pool",
                            address + " is not an address of this host");
            candidates.push_back(address);
        }
    } else {
        for (const auto& entry : *host)
            if (!entry.loopback && !is_engine_interface(entry.interface))
                candidates.push_back(entry.address);
        if (candidates.empty())
            return fail(ErrorKind::conflict, "host",
                        "no usable address: give --ip or --interface, or set address_pool");
    }

    std::vector<std::string> usable, reasons;
    for (const auto& address : candidates) {
        if (auto why = why_unusable(address, request.ports, *listening, records))
            reasons.push_back(address + " " + *why);
        else if (std::find(usable.begin(), usable.end(), address) == usable.end())
            usable.push_back(address);
    }
    if (usable.empty())
        return fail(ErrorKind::conflict, "host", "no free address: " + join(reasons));
    return usable;
}

}  // namespace girofle
