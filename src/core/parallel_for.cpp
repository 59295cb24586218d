#include "core/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace girofle {

Result<void> parallel_for(std::size_t count, unsigned threads, const std::function<Result<void>(std::size_t)>& work) {
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::optional<Error> failure;
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            if (auto done = work(i); !done) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = done.error();
                next = count;
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(worker);
        worker();
    }
    if (failure) return std::unexpected(*failure);
    return {};
}

}  // namespace girofle
