#include "core/inventory/held_locks.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace girofle {
namespace {

std::mutex& registry_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::vector<const OperationLock*>& registry() {
    static std::vector<const OperationLock*> locks;
    return locks;
}

}  // namespace

void register_held_lock(const OperationLock* lock) {
    std::lock_guard guard(registry_mutex());
    registry().push_back(lock);
}

void unregister_held_lock(const OperationLock* lock) {
    std::lock_guard guard(registry_mutex());
    auto& locks = registry();
    locks.erase(std::remove(locks.begin(), locks.end(), lock), locks.end());
}

Result<void> operation_locks_held() {
    std::lock_guard guard(registry_mutex());
    for (const auto* lock : registry())
        if (auto held = lock->still_held(); !held) return held;
    return {};
}

}  // namespace girofle
