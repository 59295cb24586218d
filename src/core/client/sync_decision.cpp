#include "core/client/sync_decision.hpp"

namespace girofle::client {

SyncAction decide_sync(const Tips& tips) {
    if (tips.local == tips.remote) return SyncAction::nothing;
    if (tips.remote.empty()) return SyncAction::push;
    if (tips.local.empty()) return SyncAction::fast_forward;
    if (tips.ahead > 0 && tips.behind > 0) return SyncAction::diverged;
    if (tips.ahead > 0) return SyncAction::push;
    if (tips.behind > 0) return SyncAction::fast_forward;
    return SyncAction::nothing;
}

const char* to_string(SyncAction action) {
    switch (action) {
        case SyncAction::nothing: return "nothing_to_do";
        case SyncAction::push: return "pushed";
        case SyncAction::fast_forward: return "fast_forwarded";
        case SyncAction::diverged: return "diverged";
    }
    return "nothing_to_do";
}

}  // namespace girofle::client
