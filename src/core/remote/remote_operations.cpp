#include "core/remote/remote_operations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/backup/snapshot_store.hpp"
#include "core/observe/history.hpp"
#include "core/remote/location.hpp"
#include "core/remote/pending_pushes.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

// Bounds against a remote that hangs; the transfers of a large instance take hours.
constexpr std::chrono::milliseconds kTransferTimeout = 24h;
constexpr std::chrono::milliseconds kQueryTimeout = 30min;

bool is_transfer(const std::vector<std::string>& arguments) {
    const std::string& verb = arguments.front();
    return verb == "backup" || verb == "restore" || verb == "check" || verb == "forget";
}

// The repository exists, or is created now (its first use).
Result<void> ensure_initialised(Services& services, const ResticRepository& repository) {
    auto probed = services.processes.run(restic_request(repository, restic_args::probe(), kQueryTimeout));
    if (!probed) return std::unexpected(probed.error().about(repository.object()));
    if (probed->succeeded()) return {};
    if (!says_no_repository(*probed)) return std::unexpected(restic_failure(*probed, repository.object()));
    services.reporter.info(repository.object() + ": no repository yet; initialising it");
    auto created = run_restic(services, repository, restic_args::init());
    if (!created) return std::unexpected(created.error());
    return {};
}

}  // namespace

Result<ResticRepository> open_remote(const Services& services, const std::string& location,
                                     const InstanceRecord* record, const EnvironmentLookup& environment) {
    const auto& settings = services.config.remote;
    std::string chosen = location;
    if (chosen.empty()) chosen = record ? settings.repository_for(record->number, record->name) : settings.repository;
    if (chosen.empty())
        return fail(ErrorKind::usage, "remote",
                    "no repository configured: set remote.repository in " + services.layout.config_file().string());
    if (auto valid = validate_location(chosen); !valid) return std::unexpected(valid.error());
    auto password = find_password(settings.password_file, environment);
    if (!password) return std::unexpected(password.error());
    return ResticRepository{.location = chosen, .options = settings.options, .password = std::move(*password)};
}

Result<ProcessResult> run_restic(Services& services, const ResticRepository& repository,
                                 const std::vector<std::string>& arguments) {
    auto request = restic_request(repository, arguments, is_transfer(arguments) ? kTransferTimeout : kQueryTimeout);
    auto ran = services.processes.run(request);
    if (!ran) return std::unexpected(ran.error().about(repository.object()));
    if (!ran->succeeded()) return std::unexpected(restic_failure(*ran, repository.object()));
    return ran;
}

void remove_stale_locks(Services& services, const ResticRepository& repository) {
    // A failure here is not one: a missing repository has no locks, an unreachable one fails
    // the command that follows with its own message.
    if (auto unlocked = run_restic(services, repository, restic_args::unlock(false)); !unlocked)
        services.reporter.info(repository.object() + ": unlock before use: " + unlocked.error().message());
}

Result<void> unlock_remote(Services& services, const ResticRepository& repository, bool remove_all) {
    auto unlocked = run_restic(services, repository, restic_args::unlock(remove_all));
    if (!unlocked) return std::unexpected(unlocked.error());
    services.reporter.record({{"operation", "remote unlock"},
                              {"remote", redacted_location(repository.location)},
                              {"remove_all", remove_all},
                              {"outcome", "ok"}});
    return {};
}

Result<PushOutcome> push_to_remote(Services& services, const ResticRepository& repository,
                                   const InstanceRecord& record, const std::string& new_id) {
    const std::string object = record.label();
    auto lock = services.inventory.lock(record.number, "remote push");
    if (!lock) return std::unexpected(lock.error());
    SnapshotStore store(services.layout.backups(record.number));
    PendingPushes pending_file(services.layout.instance_directory(record.number));
    auto pending = pending_file.load();
    if (!pending) return std::unexpected(pending.error());
    auto entries = store.list();
    if (!entries) return std::unexpected(entries.error());
    std::vector<std::string> local_ids;
    for (const auto& entry : *entries) local_ids.push_back(entry.id);
    auto queue = push_queue(*pending, new_id, local_ids);
    for (const auto& id : *pending)
        if (std::find(queue.begin(), queue.end(), id) == queue.end())
            services.reporter.warn(object + ": backup " + id + " was never pushed and is no longer on disk");
    // Pending before the first byte moves: a run killed mid-push leaves it for the next one.
    if (auto saved = pending_file.save(queue); !saved) return std::unexpected(saved.error());

    PushOutcome outcome;
    auto give_up = [&](const Error& error) -> Result<PushOutcome> {
        services.reporter.record({{"operation", "remote push"},
                                  {"instance", record.number},
                                  {"remote", redacted_location(repository.location)},
                                  {"pushed", outcome.pushed},
                                  {"pending", queue},
                                  {"error", error.message()},
                                  {"outcome", outcome_of(error)}});
        std::string kept = queue.size() == 1 ? "backup " + queue.front() + " is" : std::to_string(queue.size()) + " backups are";
        return fail(error.kind, object,
                    kept + " kept locally but not pushed (the next backup --remote retries): " + error.message());
    };
    remove_stale_locks(services, repository);
    if (auto ready = ensure_initialised(services, repository); !ready) return give_up(ready.error());
    while (!queue.empty()) {
        const std::string id = queue.front();
        auto entry = store.find(id);
        if (!entry) return give_up(entry.error());
        if (!entry->manifest) return give_up(Error{ErrorKind::failed, "backup " + id, "its manifest is unreadable"});
        services.reporter.progress(object + ": pushing backup " + id + " to " + repository.object());
        auto pushed = run_restic(services, repository, restic_args::backup(entry->directory.string(), snapshot_tags(*entry->manifest)));
        if (!pushed) return give_up(pushed.error());
        const std::uint64_t added = restic_bytes_added(pushed->out);
        outcome.bytes_added += added;
        outcome.pushed.push_back(id);
        queue.erase(queue.begin());
        if (auto saved = pending_file.save(queue); !saved) services.reporter.warn(saved.error().message());
        services.reporter.info(object + ": backup " + id + " pushed to " + repository.object() + " (" +
                               std::to_string(added) + " bytes added)");
        services.reporter.record({{"operation", "remote push"},
                                  {"instance", record.number},
                                  {"backup", id},
                                  {"remote", redacted_location(repository.location)},
                                  {"bytes_added", added},
                                  {"outcome", "ok"}});
    }
    return outcome;
}

Result<std::vector<RemoteSnapshot>> list_remote(Services& services, const ResticRepository& repository,
                                                const std::optional<std::string>& instance) {
    services.reporter.progress(repository.object() + ": listing snapshots");
    auto listed = run_restic(services, repository, restic_args::snapshots({kGirofleTag}));
    if (!listed) return std::unexpected(listed.error());
    auto snapshots = parse_remote_snapshots(listed->out, repository.object());
    if (!snapshots || !instance) return snapshots;
    std::erase_if(*snapshots, [&](const RemoteSnapshot& snapshot) { return !snapshot_of_instance(snapshot, *instance); });
    return snapshots;
}

Result<std::vector<PruneOutcome>> prune_remote(Services& services, const ResticRepository& repository) {
    remove_stale_locks(services, repository);
    auto before = list_remote(services, repository, std::nullopt);
    if (!before) return std::unexpected(before.error());
    std::map<std::uint64_t, std::size_t> counts;
    for (const auto& snapshot : *before) ++counts[snapshot.instance];
    std::vector<PruneOutcome> outcomes;
    for (const auto& [instance, count] : counts) {
        services.reporter.progress(repository.object() + ": pruning instance " + std::to_string(instance));
        auto forgot = run_restic(services, repository,
                                 restic_args::forget({kGirofleTag, instance_tag(instance)}, services.config.remote.keep));
        if (!forgot) return std::unexpected(forgot.error());
        outcomes.push_back({instance, count, 0});
    }
    auto after = list_remote(services, repository, std::nullopt);
    if (!after) return std::unexpected(after.error());
    for (auto& outcome : outcomes) {
        auto kept = std::count_if(after->begin(), after->end(),
                                  [&](const RemoteSnapshot& snapshot) { return snapshot.instance == outcome.instance; });
        outcome.removed = outcome.kept - static_cast<std::size_t>(kept);
        outcome.kept = static_cast<std::size_t>(kept);
    }
    services.reporter.record({{"operation", "remote prune"}, {"remote", redacted_location(repository.location)}, {"outcome", "ok"}});
    return outcomes;
}

Result<void> check_remote(Services& services, const ResticRepository& repository, const std::string& subset) {
    services.reporter.progress(repository.object() + ": checking" + (subset.empty() ? "" : " (reading data: " + subset + ")"));
    remove_stale_locks(services, repository);
    auto checked = run_restic(services, repository, restic_args::check(subset));
    if (checked) return {};
    const Error& error = checked.error();
    if (error.kind != ErrorKind::failed) return std::unexpected(error);  // busy, unreachable, ...
    return fail(ErrorKind::failed, repository.object(), "damaged: " + error.cause);
}

}  // namespace girofle
