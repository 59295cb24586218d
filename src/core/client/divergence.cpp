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
    if (staged->total() == 0) return std::string();
    auto commit = clone.commit_staged(
        fmt::format("girofle sync on {}: {} file(s) only this side had, kept after divergence",
                    host, missing.size()));
    if (!commit) return std::unexpected(commit.error());
    if (auto pushed = clone.push(clone_upstream); !pushed)
        return std::unexpected(pushed.error());
    return *commit;
}

}  // namespace

Result<DivergenceReport> resolve_divergence(GitRepository& repo, const FolderStatus& status,
                                            const Upstream& upstream, const Tips& tips,
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
        return undo(
            Error{ErrorKind::failed, clone_folder.string(), "the fresh clone has no upstream"});
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

    // Ignored files (build output, local settings) come along only now: the remote's
    // .gitignore may differ from ours, and they must never be pushed.
    auto kept_apart = [&](Error error) {
        error.cause += fmt::format("; your folder as it was is in {}, the fresh clone in {}",
                                   report.backup.string(), clone_folder.string());
        return std::unexpected(std::move(error));
    };
    std::error_code error;
    for (const std::string& entry : *ignored) {
        if (fs::exists(fs::symlink_status(clone_folder / entry, error))) continue;
        if (auto copied = copy_entry(folder, clone_folder, entry); !copied)
            return kept_apart(copied.error());
    }
    if (auto replaced = replace_contents(folder, clone_folder); !replaced)
        return kept_apart(replaced.error());
    return report;
}

}  // namespace girofle::client
