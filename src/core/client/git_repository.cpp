#include "core/client/git_repository.hpp"

namespace girofle::client {

std::string branch_name(const std::string& ref) {
    const std::string heads = "refs/heads/";
    return ref.starts_with(heads) ? ref.substr(heads.size()) : ref;
}

std::string Upstream::short_name() const { return remote + "/" + branch_name(merge_ref); }

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
