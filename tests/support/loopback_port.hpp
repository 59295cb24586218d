// Loopback TCP ports for the servers a test starts: only 127.0.0.1 is ever used.
#pragma once

#include <chrono>

namespace girofle::testing {

// A port that nothing listens on right now.
int free_loopback_port();

// Waits until something accepts connections on 127.0.0.1:port; false when `bound` passes.
bool wait_for_listener(int port, std::chrono::milliseconds bound = std::chrono::seconds(10));

}  // namespace girofle::testing
