#include "core/client/save.hpp"

#include <fmt/format.h>

#include "core/client/safety_checks.hpp"

namespace girofle::client {

std::string standard_save_message(const ChangeCounts& changes, const std::string& host) {
    return fmt::format("girofle save on {}: {} added, {} modified, {} deleted", host,
                       changes.added, changes.modified, changes.deleted);
}

Result<SaveReport> save(GitRepository& repo, const std::string& host, Reporter& reporter) {
    auto status = repo.status();
    if (!status) return std::unexpected(status.error());
    if (auto safe = check_safe_to_save(*status); !safe) return std::unexpected(safe.error());
    return save_checked(repo, *status, host, reporter);
}

Result<SaveReport> save_checked(GitRepository& repo, const FolderStatus& status,
                                const std::string& host, Reporter& reporter) {
    SaveReport report{.work_tree = status.work_tree, .branch = status.branch};
    auto staged = repo.stage_all();
    if (!staged) return std::unexpected(staged.error());
    report.changes = staged->counts;
    report.nested_repositories = std::move(staged->nested_repositories);
    for (const std::string& nested : report.nested_repositories)
        reporter.warn((status.work_tree / nested).string() +
                      ": a git repository of its own inside the folder: left alone, not saved "
                      "(save it with git inside it)");
    if (report.changes.total() == 0) return report;
    auto commit = repo.commit_staged(standard_save_message(report.changes, host));
    if (!commit) return std::unexpected(commit.error());
    report.commit = *commit;
    return report;
}

}  // namespace girofle::client
