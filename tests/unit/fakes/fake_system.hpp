// A host network and a clock whose answers the test decides.
#pragma once

#include "core/clock.hpp"
#include "core/host_network.hpp"

namespace girofle::testing {

class FakeHostNetwork final : public HostNetwork {
public:
    std::vector<InterfaceAddress> addresses = {{"lo", "127.0.0.1", 8, true},
                                               {"eth0", "192.0.2.10", 24, false},
                                               {"docker0", "172.17.0.1", 16, false}};
    std::vector<ListeningSocket> listening;

    Result<std::vector<InterfaceAddress>> ipv4_addresses() override { return addresses; }
    Result<std::vector<ListeningSocket>> listening_tcp_sockets() override { return listening; }
};

// Time moves only when someone sleeps.
class FakeClock final : public Clock {
public:
    std::chrono::system_clock::time_point wall = std::chrono::system_clock::from_time_t(1'790'000'000);
    std::chrono::steady_clock::time_point steady{};

    std::chrono::system_clock::time_point now() override { return wall; }
    std::chrono::steady_clock::time_point monotonic() override { return steady; }
    void sleep_for(std::chrono::milliseconds duration) override {
        wall += duration;
        steady += duration;
    }
};

}  // namespace girofle::testing
