// A client pushing commits in a loop while backups run (the under-load acceptance tests): each
// push the server acknowledged, with the time it did, so that a snapshot can be checked to
// hold every push acknowledged before it began.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace girofle::testing {

struct AcknowledgedPush {
    std::string commit;
    std::chrono::system_clock::time_point at;
};

class PushLoad {
public:
    // `push(n)` makes and pushes the n-th commit and returns its hash, "" when it was refused.
    // Starts pushing at once, on a thread of its own.
    explicit PushLoad(std::function<std::string(int)> push);
    ~PushLoad() { stop(); }
    // Waits until `count` pushes were acknowledged (at most 60 s); false if they were not.
    bool wait_for(int count) const;
    // Ends the loop after the push under way; then pushes() may be read.
    void stop();
    const std::vector<AcknowledgedPush>& pushes() const { return pushes_; }
    // How many pushes were acknowledged between `from` and `to`, once stopped: that the load
    // ran during the backups, however long they took.
    long acknowledged_between(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to) const;

private:
    std::atomic<bool> stop_{false};
    std::atomic<int> acknowledged_{0};
    std::vector<AcknowledgedPush> pushes_;
    std::thread thread_;
};

}  // namespace girofle::testing
