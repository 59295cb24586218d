#include "core/client/divergence.hpp"

#include <fmt/format.h>

#include "core/client/divergence_plan.hpp"
#include "core/client/folder_copy.hpp"

namespace girofle::client {
namespace fs = std::filesystem;

namespace {

struct Sides {
    FileVersions base, local, remote;
};

Result<Sides> files_of_each_side(GitRepository& repo, const Tips& tips) {
    Sides sides;
    for (auto [commit, files] : {std::pair{&tips.merge_base, &sides.base},
                                 std::pair{&tips.local, &sides.local},
                                 std::pair{&tips.remote, &sides.remote}}) {
        auto listed = repo.files_at(*commit);
        if (!listed) return std::unexpected(listed.error());
        *files = std::move(*listed);
    }
    return sides;
}

// Copies the files only this side had into the clone, commits and pushes them; returns the
// commit, or nothing when the remote's .gitignore keeps them all out.
Result<std::string> push_missing_files(GitRepository& clone, const Upstream& clone_upstream,
                                       const fs::path& folder, const fs::path& clone_folder,
                                       const std::vector<std::string>& missing,
                                       const std::string& host) {
    for (const std::string& path : missing)
        if (auto copied = copy_entry(folder, clone_folder, path); !copied)
            return std::unexpected(copied.error());
    auto staged = clone.stage_all();
    if (!staged) return std::unexpected(staged.error());
    if (staged->counts.total() == 0) return std::string();
    auto commit = clone.commit_staged(
        fmt::format("girofle sync on {}: {} file(s) only this side had, kept after divergence",
                    host, missing.size()));
    if (!commit) return std::unexpected(commit.error());
    if (auto pushed = clone.push(clone_upstream); !pushed)
        return std::unexpected(pushed.error());
    return *commit;
}

// Whether `relative` can be placed in `root` without going through a file or a link that is
// already there (a link could lead anywhere, even outside the folder).
bool has_room_for(const fs::path& root, const std::string& relative) {
    std::error_code error;
    fs::path at = root;
    for (const fs::path& part : fs::path(relative).parent_path()) {
        at /= part;
        const fs::file_status status = fs::symlink_status(at, error);
        if (fs::exists(status) && !fs::is_directory(status)) return false;
    }
    return true;
}

// Brings to the clone what git does not hold here (ignored files, nested repositories): an
// entry already in the clone stays as the remote made it, except the empty directory a clone
// makes for a submodule. Returns the entries that found no room: they stay in the backup.
Result<std::vector<std::string>> carry_over(const fs::path& folder, const fs::path& clone_folder,
                                            const std::vector<std::string>& entries) {
    std::vector<std::string> left_in_backup;
    for (const std::string& entry : entries) {
        std::error_code error;
        const fs::path there = clone_folder / entry;
        const fs::file_status status = fs::symlink_status(there, error);
        if (fs::is_directory(status) && fs::is_empty(there, error)) fs::remove(there, error);
        else if (fs::exists(status)) continue;
        if (!has_room_for(clone_folder, entry)) {
            left_in_backup.push_back(entry);
            continue;
        }
        if (auto copied = copy_entry(folder, clone_folder, entry); !copied)
            return std::unexpected(copied.error());
    }
    return left_in_backup;
}

// An error about a path inside the temporary clone names the same path in the folder: the
// clone is removed before the user reads it.
Error without_clone_path(Error error, const fs::path& folder, const fs::path& clone_folder) {
    const std::string clone = clone_folder.string();
    if (error.object.starts_with(clone))
        error.object = folder.string() + error.object.substr(clone.size()) +
                       " (in a fresh clone of the remote, since removed)";
    for (auto at = error.cause.find(clone); at != std::string::npos; at = error.cause.find(clone))
        error.cause.replace(at, clone.size(), folder.string());
    return error;
}

}  // namespace

Result<DivergenceReport> resolve_divergence(GitRepository& repo, const FolderStatus& status,
                                            const Upstream& upstream, const Tips& tips,
                                            const std::vector<std::string>& nested_repositories,
                                            const SyncEnvironment& environment) {
    auto sides = files_of_each_side(repo, tips);
    if (!sides) return std::unexpected(sides.error());
    auto ignored = repo.ignored_entries();
    if (!ignored) return std::unexpected(ignored.error());
    DivergenceReport report{.plan = plan_divergence(sides->base, sides->local, sides->remote)};

    const fs::path& folder = status.work_tree;
    report.backup = unused_sibling(folder, ".girofle-backup-", environment.now);
    const fs::path clone_folder = unused_sibling(folder, ".girofle-clone-", environment.now);
    // Until the remote changes, a failure removes what we made and leaves the folder as it was.
    auto undo = [&](Error error) {
        std::error_code ignored_error;
        fs::remove_all(clone_folder, ignored_error);
        fs::remove_all(report.backup, ignored_error);
        error = without_clone_path(std::move(error), folder, clone_folder);
        error.cause += "; the folder was left as it was";
        return std::unexpected(std::move(error));
    };

    environment.reporter.progress("copying " + folder.string() + " aside");
    if (auto copied = copy_tree(folder, report.backup); !copied) return undo(copied.error());
    auto clone = repo.clone_upstream(upstream, clone_folder);
    if (!clone) return undo(clone.error());
    auto clone_status = (*clone)->status();
    if (!clone_status) return undo(clone_status.error());
    if (!clone_status->upstream)
        return undo(Error{ErrorKind::failed, upstream.short_name(),
                          "the fresh clone of the remote has no upstream"});
    auto clone_tips = (*clone)->tips(*clone_status->upstream);
    if (!clone_tips) return undo(clone_tips.error());
    if (clone_tips->local != tips.remote)
        return undo(Error{ErrorKind::conflict, upstream.short_name(),
                          "the remote changed during the sync: run girofle sync again"});

    if (!report.plan.missing_from_remote.empty()) {
        auto pushed = push_missing_files(**clone, *clone_status->upstream, folder, clone_folder,
                                         report.plan.missing_from_remote, environment.host);
        if (!pushed) return undo(pushed.error());
        report.pushed_commit = *pushed;
    }
    clone->reset();

    // Ignored files (build output, local settings) and nested repositories come along only
    // now: the remote's .gitignore may differ from ours, and they must never be pushed.
    auto kept_apart = [&](Error error) {
        error.cause += fmt::format("; your folder as it was is in {}, the fresh clone in {}",
                                   report.backup.string(), clone_folder.string());
        return std::unexpected(std::move(error));
    };
    std::vector<std::string> outside_git = *ignored;
    outside_git.insert(outside_git.end(), nested_repositories.begin(), nested_repositories.end());
    // A checked-out submodule's .git is a file naming its repository under the folder's
    // .git/modules, which a fresh clone lacks: without it the submodule would be broken.
    std::error_code no_modules;
    if (!nested_repositories.empty() && fs::is_directory(folder / ".git" / "modules", no_modules))
        outside_git.push_back(".git/modules");
    auto left = carry_over(folder, clone_folder, outside_git);
    if (!left) return kept_apart(left.error());
    report.left_in_backup = std::move(*left);
    if (auto replaced = replace_contents(folder, clone_folder); !replaced)
        return kept_apart(replaced.error());
    return report;
}

}  // namespace girofle::client
