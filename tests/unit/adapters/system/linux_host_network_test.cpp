#include "adapters/system/linux_host_network.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace girofle {
namespace {

TEST(ProcNetTcp, DecodesListeningIpv4AndMappedIpv6Sockets) {
    const std::string ipv4 =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0500007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n"
        "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2\n"
        "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3\n";
    auto sockets = parse_proc_net_tcp(ipv4, false);
    ASSERT_EQ(sockets.size(), 2u);
    EXPECT_EQ(sockets[0].address, "127.0.0.5");
    EXPECT_EQ(sockets[0].port, 80);
    EXPECT_EQ(sockets[1].address, "0.0.0.0");
    EXPECT_EQ(sockets[1].port, 22);

    const std::string ipv6 =
        "  sl  local_address                         remote_address                        st\n"
        "   0: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A 0\n"
        "   1: 0000000000000000FFFF00000600007F:0050 00000000000000000000000000000000:0000 0A 0\n"
        "   2: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 0\n";
    sockets = parse_proc_net_tcp(ipv6, true);
    ASSERT_EQ(sockets.size(), 2u);
    EXPECT_EQ(sockets[0].address, "::");
    EXPECT_EQ(sockets[0].port, 443);
    EXPECT_EQ(sockets[1].address, "127.0.0.6");
}

TEST(LinuxHostNetwork, SeesLoopbackAndARealListeningSocket) {
    LinuxHostNetwork network;
    auto addresses = network.ipv4_addresses();
    ASSERT_TRUE(addresses);
    EXPECT_TRUE(std::any_of(addresses->begin(), addresses->end(),
                            [](const auto& a) { return a.loopback && a.address == "127.0.0.1"; }));

    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.77", &address.sin_addr);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    const int port = ntohs(address.sin_port);
    auto listening = network.listening_tcp_sockets();
    ::close(fd);
    ASSERT_TRUE(listening);
    EXPECT_TRUE(std::any_of(listening->begin(), listening->end(), [&](const auto& s) {
        return s.address == "127.0.0.77" && s.port == port;
    }));
}

}  // namespace
}  // namespace girofle
