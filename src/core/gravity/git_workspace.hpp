// What gravity needs from git, on repositories given by directory. The real adapter is
// libgit2 (adapters/git/gravity_workspace.hpp); nothing here starts a `git` process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle::gravity {

// Who commits, and when: seconds since the epoch, UTC (the scenario's clock).
struct CommitStamp {
    std::string name;
    std::string email;
    std::int64_t time = 0;
};

enum class MergeMode {
    fast_forward,       // "ff": fast-forward when possible, else a merge commit (git's default)
    fast_forward_only,  // "ff-only": fail unless a fast-forward is possible
    no_fast_forward,    // "no-ff": always a merge commit
};

// A merge, rebase or pull that stopped on conflicts leaves the repository as it was before
// (the operation is aborted) and lists the conflicting paths.
struct Integration {
    std::string commit;                  // the new tip; empty when conflicted
    std::vector<std::string> conflicts;  // slash-separated paths, sorted
};

// Reference name to commit (or tag object) id in hexadecimal.
using RefIds = std::map<std::string, std::string>;

class GitWorkspace {
public:
    virtual ~GitWorkspace() = default;
    using Path = std::filesystem::path;

    // A new repository whose unborn HEAD is `branch`.
    virtual Result<void> init(const Path& dir, bool bare, const std::string& branch) = 0;
    // `git remote add NAME URL`.
    virtual Result<void> add_remote(const Path& repo, const std::string& name,
                                    const std::string& url) = 0;
    // Clones `url` (a path or URL) with its remote named origin; `branch` empty: the remote's
    // HEAD. The checked-out branch tracks origin's.
    virtual Result<void> clone(const std::string& url, const Path& dir,
                               const std::string& branch) = 0;
    // Stages everything like `git add -A` and commits on HEAD. Errors: conflict when nothing
    // changed.
    virtual Result<std::string> commit_all(const Path& repo, const std::string& message,
                                           const CommitStamp& stamp) = 0;
    // A branch at `start` (a revision; empty: HEAD).
    virtual Result<void> create_branch(const Path& repo, const std::string& name,
                                       const std::string& start) = 0;
    virtual Result<void> checkout(const Path& repo, const std::string& branch) = 0;
    // Merges revision `what` into HEAD.
    virtual Result<Integration> merge(const Path& repo, const std::string& what, MergeMode mode,
                                      const std::string& message, const CommitStamp& stamp) = 0;
    // Replays HEAD's commits not in `onto` on top of it, committing with `stamp`.
    virtual Result<Integration> rebase(const Path& repo, const std::string& onto,
                                       const CommitStamp& stamp) = 0;
    // A lightweight tag, or an annotated one when `message` is not empty.
    virtual Result<void> tag(const Path& repo, const std::string& name, const std::string& target,
                             const std::string& message, const CommitStamp& stamp) = 0;
    virtual Result<void> fetch(const Path& repo, const std::string& remote) = 0;
    // Pushes full refspecs ("refs/heads/x:refs/heads/x"). A reference the server refuses is
    // an error of kind permission naming the server's reason.
    virtual Result<void> push(const Path& repo, const std::string& remote,
                              const std::vector<std::string>& refspecs) = 0;
    // Makes origin's `branch` the upstream of local `branch`.
    virtual Result<void> set_upstream(const Path& repo, const std::string& remote,
                                      const std::string& branch) = 0;
    // The branch HEAD points to ("main"); errors when HEAD is detached.
    virtual Result<std::string> current_branch(const Path& repo) = 0;

    virtual Result<RefIds> refs(const Path& repo) = 0;
    // The commit a revision names ("main", "origin/main", "v1.0", an id).
    virtual Result<std::string> resolve(const Path& repo, const std::string& revision) = 0;
    virtual Result<bool> is_ancestor(const Path& repo, const std::string& ancestor,
                                     const std::string& descendant) = 0;
    virtual Result<std::size_t> count_commits(const Path& repo, const std::string& revision) = 0;
    // Paths that differ between HEAD, the index and the work tree (ignored files excepted).
    virtual Result<std::vector<std::string>> changed_paths(const Path& repo) = 0;

    // Girofle's own client, as `girofle save` and `girofle sync` run it, committing at `stamp`
    // with the identity configured in the repository. Returns the command's exit status.
    virtual Result<int> client_save(const Path& repo, const CommitStamp& stamp) = 0;
    virtual Result<int> client_sync(const Path& repo, const CommitStamp& stamp) = 0;
};

}  // namespace girofle::gravity
