// Killing a process the way a crash or an operator's kill -9 does, and waiting until what it
// had started is really gone.
#pragma once

#include <chrono>

#include "adapters/process/posix_process_runner.hpp"

namespace girofle::testing {

// Stops `child` (SIGSTOP, so it starts nothing more), lists its descendants from /proc, kills
// it with SIGKILL, waits for it, and returns once every listed descendant has left /proc
// (dead and reaped), or after `bound`. Its children die by their parent-death signal (SIGKILL,
// PosixProcessRunner); until their new parent reaps them they are zombies, which kill(pid, 0)
// reports alive, so restic would still see its lock's owner running. A host's init reaps at
// once; a container's first process may take seconds. Returns false when `bound` passed first.
bool kill_and_wait_until_reaped(ChildProcess& child, std::chrono::milliseconds bound);

}  // namespace girofle::testing
