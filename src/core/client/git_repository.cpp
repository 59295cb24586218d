#include "core/client/git_repository.hpp"

namespace girofle::client {

std::string Upstream::short_name() const {
    const std::string heads = "refs/heads/";
    std::string branch = merge_ref.starts_with(heads) ? merge_ref.substr(heads.size()) : merge_ref;
    return remote + "/" + branch;
}

const char* to_string(PendingOperation operation) {
    switch (operation) {
        case PendingOperation::none: return "none";
        case PendingOperation::merge: return "merge";
        case PendingOperation::rebase: return "rebase";
        case PendingOperation::cherry_pick: return "cherry-pick";
        case PendingOperation::revert: return "revert";
        case PendingOperation::bisect: return "bisect";
        case PendingOperation::apply_mailbox: return "am";
    }
    return "none";
}

}  // namespace girofle::client
