#include "core/client/safety_checks.hpp"

namespace girofle::client {
namespace {

std::string how_to_end(PendingOperation operation) {
    switch (operation) {
        case PendingOperation::merge:
            return "a merge is in progress: finish it (git commit) or abort it (git merge --abort)";
        case PendingOperation::rebase:
            return "a rebase is in progress: finish it (git rebase --continue) or abort it "
                   "(git rebase --abort)";
        case PendingOperation::cherry_pick:
            return "a cherry-pick is in progress: finish it (git cherry-pick --continue) or abort "
                   "it (git cherry-pick --abort)";
        case PendingOperation::revert:
            return "a revert is in progress: finish it (git revert --continue) or abort it "
                   "(git revert --abort)";
        case PendingOperation::bisect:
            return "a bisect is in progress: end it with git bisect reset";
        case PendingOperation::apply_mailbox:
            return "git am is in progress: finish it (git am --continue) or abort it "
                   "(git am --abort)";
        case PendingOperation::none: break;
    }
    return "";
}

}  // namespace

Result<void> check_safe_to_save(const FolderStatus& status) {
    const std::string folder = status.work_tree.string();
    if (status.pending != PendingOperation::none)
        return fail(ErrorKind::usage, folder, how_to_end(status.pending) + ", then run again");
    if (status.detached_head)
        return fail(ErrorKind::usage, folder,
                    "HEAD is detached (not on a branch): switch to a branch (git switch BRANCH), "
                    "then run again");
    if (status.index_lock)
        return fail(ErrorKind::usage, folder,
                    "the index is locked by " + status.index_lock->string() +
                        ": another git command is running, or one crashed; if none is running, "
                        "remove that file, then run again");
    return {};
}

Result<Upstream> check_safe_to_sync(const FolderStatus& status) {
    if (auto safe = check_safe_to_save(status); !safe) return std::unexpected(safe.error());
    if (!status.upstream)
        return fail(ErrorKind::usage, status.work_tree.string(),
                    "branch '" + status.branch +
                        "' has no upstream to sync with: set one (git branch "
                        "--set-upstream-to=origin/" +
                        status.branch + "), then run again");
    return *status.upstream;
}

}  // namespace girofle::client
