// Running the same step over many items on a few threads: copies and hashes of files, where
// more requests in flight hide the disk's latency.
#pragma once

#include <cstddef>
#include <functional>

#include "core/error.hpp"

namespace girofle {

// Calls `work(i)` for every i in [0, count), `threads` calls at a time (the caller's thread
// among them; 0 counts as 1), in no set order. The first failure stops the items not started
// and is returned once the calls under way have ended.
Result<void> parallel_for(std::size_t count, unsigned threads, const std::function<Result<void>(std::size_t)>& work);

}  // namespace girofle
