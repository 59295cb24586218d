// What a sync does once local work is saved and the remote fetched: decided from the two
// tips alone, so that every case is a plain unit test.
#pragma once

#include "core/client/git_repository.hpp"

namespace girofle::client {

enum class SyncAction {
    nothing,       // both sides hold the same commit
    push,          // only this side has new commits
    fast_forward,  // only the remote has new commits
    diverged,      // both have: the folder is copied aside and re-cloned
};

SyncAction decide_sync(const Tips& tips);

const char* to_string(SyncAction action);

}  // namespace girofle::client
