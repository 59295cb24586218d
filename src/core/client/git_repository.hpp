// What `save` and `sync` need from git, for one working folder. The real adapter is libgit2
// (adapters/git); unit tests of the decisions use a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle::client {

// An operation git left half done in the folder; anything but `none` makes us refuse to act.
enum class PendingOperation { none, merge, rebase, cherry_pick, revert, bisect, apply_mailbox };

struct Upstream {
    std::string remote;        // "origin"
    std::string url;           // for messages only; credentials already removed
    std::string merge_ref;     // the branch on the remote: "refs/heads/main"
    std::string tracking_ref;  // its local copy: "refs/remotes/origin/main"

    std::string short_name() const;  // "origin/main"
};

struct FolderStatus {
    std::filesystem::path work_tree;
    PendingOperation pending = PendingOperation::none;
    bool detached_head = false;
    std::string branch;                               // "main"; empty when detached
    std::optional<Upstream> upstream;                 // absent: the branch tracks nothing
    // Only when the branch has no upstream configured at all: the branch of the same name on
    // each remote, as `git push -u REMOTE BRANCH` would make it. Sorted by remote name.
    std::vector<Upstream> candidate_upstreams;
    std::optional<std::filesystem::path> index_lock;  // present: another git holds, or left, it
};

struct ChangeCounts {
    std::size_t added = 0;
    std::size_t modified = 0;
    std::size_t deleted = 0;

    std::size_t total() const { return added + modified + deleted; }
    bool operator==(const ChangeCounts&) const = default;
};

// What a `git add -A` staged, and what it left alone.
struct StagedChanges {
    ChangeCounts counts;  // how the staged tree differs from HEAD
    // Repositories of their own inside the folder ("drafts", slash-separated from the top):
    // a nested `git init` (with or without commits) or a checked-out submodule. Nothing of
    // them is staged, not even a submodule's new commit; they belong to their own history.
    std::vector<std::string> nested_repositories;
};

// Commit ids as hexadecimal text; an empty id means "no such commit".
struct Tips {
    std::string local;       // empty: the branch has no commit yet
    std::string remote;      // empty: the remote has no such branch yet
    std::string merge_base;  // empty: no common history
    std::size_t ahead = 0;   // commits only the local branch has
    std::size_t behind = 0;  // commits only the remote branch has
};

struct FileVersion {
    std::string blob;        // content id
    std::uint32_t mode = 0;  // git file mode: 0100644, 0100755, 0120000 (symbolic link)
    bool operator==(const FileVersion&) const = default;
};

// Every file of a commit, by slash-separated path from the top of the work tree.
using FileVersions = std::map<std::string, FileVersion>;

class GitRepository {
public:
    virtual ~GitRepository() = default;

    virtual Result<FolderStatus> status() = 0;
    // Stages every addition, modification and deletion like `git add -A` (.gitignore
    // honoured), except inside nested repositories, and tells what it staged and left alone.
    virtual Result<StagedChanges> stage_all() = 0;
    // Commits the staged tree on the current branch; returns the new commit.
    virtual Result<std::string> commit_staged(const std::string& message) = 0;
    virtual Result<void> fetch(const Upstream& upstream) = 0;
    // Where the branch and its fetched upstream stand, from the last fetch.
    virtual Result<Tips> tips(const Upstream& upstream) = 0;
    // Pushes the current branch; a reference the server refuses is an error.
    virtual Result<void> push(const Upstream& upstream) = 0;
    // Records `upstream` as the current branch's (branch.NAME.remote and .merge), as
    // `git push -u` does.
    virtual Result<void> set_upstream(const Upstream& upstream) = 0;
    // Moves the branch and the work tree to `commit`; never overwrites an ignored file.
    virtual Result<void> fast_forward(const std::string& commit) = 0;
    // Every file of `commit`; none for an empty id.
    virtual Result<FileVersions> files_at(const std::string& commit) = 0;
    // Work-tree entries that .gitignore keeps out of git ("build/", ".env").
    virtual Result<std::vector<std::string>> ignored_entries() = 0;
    // A fresh clone of the upstream's branch into `into`, its remote named as here.
    virtual Result<std::unique_ptr<GitRepository>> clone_upstream(
        const Upstream& upstream, const std::filesystem::path& into) = 0;
};

// "refs/heads/main" becomes "main"; any other reference stays whole.
std::string branch_name(const std::string& ref);

const char* to_string(PendingOperation operation);

}  // namespace girofle::client
