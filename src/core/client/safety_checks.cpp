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
    if (status.upstream) return *status.upstream;
    const std::string folder = status.work_tree.string();
    const std::vector<Upstream>& candidates = status.candidate_upstreams;
    const std::string branch = "branch '" + status.branch + "' has no upstream";
    if (candidates.size() == 1) return candidates.front();
    // Like git, "origin" is the remote meant when nothing says otherwise.
    for (const Upstream& candidate : candidates)
        if (candidate.remote == "origin") return candidate;
    if (candidates.empty())
        return fail(ErrorKind::usage, folder,
                    branch + " and the folder no remote to sync with: add one (git remote add "
                             "origin URL), then run again");
    std::string names;
    for (const Upstream& candidate : candidates)
        names += (names.empty() ? "" : ", ") + candidate.remote;
    return fail(ErrorKind::usage, folder,
                branch + " and several remotes (" + names + "): choose one (git push -u REMOTE " +
                    status.branch + "), then run again");
}

}  // namespace girofle::client
