#include "core/client/save.hpp"

#include <fmt/format.h>

#include "core/client/safety_checks.hpp"

namespace girofle::client {

std::string standard_save_message(const ChangeCounts& changes, const std::string& host) {
    return fmt::format("girofle save on {}: {} added, {} modified, {} deleted", host,
                       changes.added, changes.modified, changes.deleted);
}

Result<SaveReport> save(GitRepository& repo, const std::string& host) {
    auto status = repo.status();
    if (!status) return std::unexpected(status.error());
    if (auto safe = check_safe_to_save(*status); !safe) return std::unexpected(safe.error());
    return save_checked(repo, *status, host);
}

Result<SaveReport> save_checked(GitRepository& repo, const FolderStatus& status,
                                const std::string& host) {
    SaveReport report{.work_tree = status.work_tree, .branch = status.branch};
    auto changes = repo.stage_all();
    if (!changes) return std::unexpected(changes.error());
    report.changes = *changes;
    if (changes->total() == 0) return report;
    auto commit = repo.commit_staged(standard_save_message(*changes, host));
    if (!commit) return std::unexpected(commit.error());
    report.commit = *commit;
    return report;
}

}  // namespace girofle::client
