#include "core/remote/remote_operations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/backup/snapshot_store.hpp"
#include "core/observe/history.hpp"
#include "core/remote/backup_progress.hpp"
#include "core/remote/location.hpp"
#include "core/remote/pending_pushes.hpp"
#include "core/remote/push_source.hpp"

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

// The request for `restic ARGUMENTS`, with the timeout its kind of work deserves.
ProcessRequest request_for(const ResticRepository& repository, const std::vector<std::string>& arguments) {
    return restic_request(repository, arguments, is_transfer(arguments) ? kTransferTimeout : kQueryTimeout);
}

// One snapshot pushed from the instance's stable path (core/remote/push_source.hpp), restic's
// status lines shown as the progress line (a terminal only: the reporter decides). A non-zero
// exit is returned as it is, for push_one to judge.
Result<ProcessResult> run_backup(Services& services, const ResticRepository& repository, const InstanceRecord& record,
                                 const SnapshotEntry& entry) {
    auto source = PushSource::point_at(services.layout.instance_directory(record.number), entry.directory);
    if (!source) return std::unexpected(source.error());
    const std::string label = record.label() + ": pushing backup " + entry.id;
    services.reporter.progress(label + " to " + repository.object());
    auto request = request_for(repository, restic_args::backup(snapshot_tags(*entry.manifest)));
    source->apply_to(request);
    // A few status lines a second: enough for a person, little to collect (restic's default
    // is 60 a second).
    request.env["RESTIC_PROGRESS_FPS"] = "2";
    request.on_stdout_line = [&](const std::string& line) {
        if (auto status = backup_status_text(line)) services.reporter.progress(label + ": " + *status);
    };
    auto ran = services.processes.run(request);
    if (!ran) return std::unexpected(ran.error().about(repository.object()));
    return ran;
}

// A push needs no other restic run in the usual case (each run opens the repository, which
// costs as much as a push of an unchanged snapshot): the repository's first use and a lock
// left by a restic that is gone are handled when the push reports them, each once. The first
// use initialises the repository; a stale lock (a killed prune's exclusive one: a killed
// push's shared lock does not stop a push) goes with `restic unlock`, which keeps live locks.
Result<ResticBackupSummary> push_one(Services& services, const ResticRepository& repository, const InstanceRecord& record,
                                     const SnapshotEntry& entry) {
    auto pushed = run_backup(services, repository, record, entry);
    if (pushed && !pushed->succeeded() && says_no_repository(*pushed)) {
        services.reporter.info(repository.object() + ": no repository yet; initialising it");
        if (auto created = run_restic(services, repository, restic_args::init()); !created)
            return std::unexpected(created.error());
        pushed = run_backup(services, repository, record, entry);
    } else if (pushed && !pushed->succeeded() && restic_failure(*pushed, "").kind == ErrorKind::busy) {
        remove_stale_locks(services, repository);
        pushed = run_backup(services, repository, record, entry);
    }
    if (!pushed) return std::unexpected(pushed.error());
    if (!pushed->succeeded()) return std::unexpected(restic_failure(*pushed, repository.object()));
    auto summary = backup_summary_in(pushed->out);
    if (!summary) return fail(ErrorKind::failed, "backup " + entry.id, "restic reported no summary of its push");
    return *summary;
}

// The queued backups the operations log says were pushed to this repository, as long as the
// repository still lists them (none were forgotten, the repository was not replaced). The
// listing, a restic run of its own, is spent only when the log names one: a `backup
// --remote` of a new backup never pays it.
Result<std::set<std::string>> still_on_remote(Services& services, const ResticRepository& repository,
                                              const InstanceRecord& record, const std::vector<std::string>& queue) {
    auto history = read_history(services.layout.operations_log());
    if (!history) return std::unexpected(history.error());
    const std::string remote = redacted_location(repository.location);
    std::set<std::string> logged;
    for (const auto& entry : history->entries)
        if (entry.operation == "remote push" && !entry.failed() && entry.instance == record.number &&
            entry.line.value("remote", "") == remote &&
            std::find(queue.begin(), queue.end(), entry.line.value("backup", "")) != queue.end())
            logged.insert(entry.line.value("backup", ""));
    if (logged.empty()) return logged;
    auto listed = list_remote(services, repository, std::to_string(record.number));
    if (!listed && listed.error().kind == ErrorKind::not_found) return std::set<std::string>{};  // no repository
    if (!listed) return std::unexpected(listed.error());
    std::set<std::string> present;
    for (const auto& snapshot : *listed)
        if (logged.contains(snapshot.snapshot)) present.insert(snapshot.snapshot);
    return present;
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
    auto ran = services.processes.run(request_for(repository, arguments));
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
    PushOutcome outcome;
    auto present = still_on_remote(services, repository, record, queue);
    if (!present) return std::unexpected(present.error());
    for (const auto& id : *present) {
        outcome.already_on_remote.push_back(id);
        std::erase(queue, id);
        services.reporter.info(object + ": backup " + id + " is already on " + repository.object() + "; not pushed again");
    }
    // Pending before the first byte moves: a run killed mid-push leaves it for the next one.
    if (auto saved = pending_file.save(queue); !saved) return std::unexpected(saved.error());

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
    while (!queue.empty()) {
        const std::string id = queue.front();
        auto entry = store.find(id);
        if (!entry) return give_up(entry.error());
        if (!entry->manifest) return give_up(Error{ErrorKind::failed, "backup " + id, "its manifest is unreadable"});
        auto summary = push_one(services, repository, record, *entry);
        if (!summary) return give_up(summary.error());
        outcome.bytes_added += summary->data_added;
        outcome.files_new += summary->files_new;
        outcome.files_changed += summary->files_changed;
        outcome.files_unmodified += summary->files_unmodified;
        outcome.pushed.push_back(id);
        queue.erase(queue.begin());
        if (auto saved = pending_file.save(queue); !saved) services.reporter.warn(saved.error().message());
        services.reporter.info(object + ": backup " + id + " pushed to " + repository.object() + " (" +
                               std::to_string(summary->data_added) + " bytes added; files new " +
                               std::to_string(summary->files_new) + ", changed " + std::to_string(summary->files_changed) +
                               ", unmodified " + std::to_string(summary->files_unmodified) + ")");
        services.reporter.record({{"operation", "remote push"},
                                  {"instance", record.number},
                                  {"backup", id},
                                  {"remote", redacted_location(repository.location)},
                                  {"restic_snapshot", summary->snapshot_id},
                                  {"bytes_added", summary->data_added},
                                  {"files_new", summary->files_new},
                                  {"files_changed", summary->files_changed},
                                  {"files_unmodified", summary->files_unmodified},
                                  {"files", summary->total_files_processed},
                                  {"bytes", summary->total_bytes_processed},
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
    if (!subset.empty() && subset != "all")
        if (auto valid = validate_read_data_subset(subset); !valid) return valid;
    services.reporter.progress(repository.object() + ": checking" + (subset.empty() ? "" : " (reading data: " + subset + ")"));
    remove_stale_locks(services, repository);
    auto checked = run_restic(services, repository, restic_args::check(subset));
    if (checked) return {};
    const Error& error = checked.error();
    if (error.kind != ErrorKind::failed) return std::unexpected(error);  // busy, unreachable, ...
    return fail(ErrorKind::failed, repository.object(), "damaged: " + error.cause);
}

}  // namespace girofle
