#include "integration/push_load.hpp"

#include <algorithm>

namespace girofle::testing {

PushLoad::PushLoad(std::function<std::string(int)> push)
    : thread_([this, push = std::move(push)] {
          for (int n = 0; !stop_; ++n) {
              std::string commit = push(n);
              if (commit.empty()) continue;
              pushes_.push_back({std::move(commit), std::chrono::system_clock::now()});
              ++acknowledged_;
          }
      }) {}

bool PushLoad::wait_for(int count) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged_ < count && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return acknowledged_ >= count;
}

void PushLoad::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

long PushLoad::acknowledged_between(std::chrono::system_clock::time_point from,
                                    std::chrono::system_clock::time_point to) const {
    return std::count_if(pushes_.begin(), pushes_.end(),
                         [&](const AcknowledgedPush& push) { return push.at >= from && push.at <= to; });
}

}  // namespace girofle::testing
