#include "core/client/sync.hpp"

#include "core/client/divergence.hpp"
#include "core/client/safety_checks.hpp"
#include "core/client/save.hpp"

namespace girofle::client {

Result<SyncReport> sync(GitRepository& repo, const SyncEnvironment& environment) {
    auto status = repo.status();
    if (!status) return std::unexpected(status.error());
    auto upstream = check_safe_to_sync(*status);
    if (!upstream) return std::unexpected(upstream.error());

    // Work is saved before any network step, so that it is safe even when the remote is not.
    auto saved = save_checked(repo, *status, environment.host, environment.reporter);
    if (!saved) return std::unexpected(saved.error());
    SyncReport report{.saved = *saved, .upstream = upstream->short_name()};
    auto mention_saved_work = [&](Error error) {
        if (!report.saved.commit.empty())
            error.cause += "; your changes are saved locally in commit " +
                           report.saved.commit.substr(0, 10);
        return std::unexpected(std::move(error));
    };

    environment.reporter.info("fetching " + report.upstream + " from " + upstream->url);
    if (auto fetched = repo.fetch(*upstream); !fetched) return mention_saved_work(fetched.error());
    auto tips = repo.tips(*upstream);
    if (!tips) return mention_saved_work(tips.error());
    report.tips = *tips;
    report.action = decide_sync(*tips);

    Result<void> acted;
    switch (report.action) {
        case SyncAction::nothing: break;
        case SyncAction::push: acted = repo.push(*upstream); break;
        case SyncAction::fast_forward: acted = repo.fast_forward(tips->remote); break;
        case SyncAction::diverged: {
            auto divergence = resolve_divergence(repo, *status, *upstream, *tips,
                                                 report.saved.nested_repositories, environment);
            if (divergence) report.divergence = std::move(*divergence);
            else acted = std::unexpected(divergence.error());
            break;
        }
    }
    if (!acted) return mention_saved_work(acted.error());
    // A first sync: the branch now exists on the remote (unless neither side has a commit),
    // so it becomes the upstream, as after `git push -u`. A diverged folder is a fresh clone,
    // whose branch already tracks the remote's.
    if (!status->upstream && report.action != SyncAction::diverged &&
        !(tips->local.empty() && tips->remote.empty())) {
        if (auto set = repo.set_upstream(*upstream); !set) return mention_saved_work(set.error());
        report.upstream_set = true;
    }
    return report;
}

}  // namespace girofle::client
