// The operation locks this process holds, for the safe points of long operations: like
// `interrupted()`, one call that a step makes before it does something destructive (pause,
// stop, publish, inventory write), so that a lock lost mid-run (an etcd lease that expired)
// stops the operation there instead of letting it act without the lock.
#pragma once

#include "core/error.hpp"
#include "core/inventory.hpp"

namespace girofle {

// Locks that can be lost register themselves for their lifetime (the etcd lease lock does).
void register_held_lock(const OperationLock* lock);
void unregister_held_lock(const OperationLock* lock);

// Fails with the first registered lock's own error when one was lost; succeeds otherwise
// (also when no lock is registered: flocks are never lost).
Result<void> operation_locks_held();

}  // namespace girofle
