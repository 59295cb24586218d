#include "core/operations/backup.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <iterator>

#include "core/backup/checksums.hpp"
#include "core/backup/clone_tree.hpp"
#include "core/backup/directory_inodes.hpp"
#include "core/backup/freeze_guard.hpp"
#include "core/backup/incremental_copy.hpp"
#include "core/backup/quick_check_misses.hpp"
#include "core/backup/retention.hpp"
#include "core/backup/rsync.hpp"
#include "core/backup/snapshot_id.hpp"
#include "core/backup/snapshot_method.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/backup/space_estimate.hpp"
#include "core/backup/tree_changes.hpp"
#include "core/drill/expected_contents.hpp"
#include "core/file_io.hpp"
#include "core/interruption.hpp"
#include "core/observe/hooks.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/phase_timer.hpp"
#include "core/inventory/held_locks.hpp"
#include "core/inventory/instance_host.hpp"
#include "core/readiness.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

// Kept free beyond the estimate: the instance itself writes to the same filesystem.
constexpr std::uint64_t kMinimumMargin = 8ULL << 20;
constexpr auto kAppBackupTimeout = std::chrono::hours(6);

std::string rfc3339_ms(std::chrono::system_clock::time_point time) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
    std::string text = rfc3339_utc(time);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03lld", static_cast<long long>(ms));
    return text.substr(0, text.size() - 1) + fraction + "Z";
}

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

void remove_leftover_partials(Services& services, const SnapshotStore& store, const std::string& object) {
    for (const auto& partial : store.partials()) {
        std::error_code error;
        std::filesystem::remove_all(partial, error);
        services.reporter.warn(object + ": removed " + partial.filename().string() +
                               ", left by a backup that did not finish" +
                               (error ? " (not completely: " + error.message() + ")" : ""));
    }
}

// Refuses a snapshot that would leave the filesystem of `backups` without its margin.
Result<void> check_free_space(const SpaceEstimate& estimate, const std::filesystem::path& backups,
                              const std::string& object) {
    const std::uint64_t needed = estimate.bytes + std::max(kMinimumMargin, estimate.bytes / 50);
    auto space = free_space(backups);
    if (!space) return std::unexpected(space.error());
    if (space->available_bytes < needed)
        return fail(ErrorKind::no_space, object,
                    "not enough space for a backup in " + backups.string() + ": needs " + human_bytes(needed) +
                        ", " + human_bytes(space->available_bytes) + " free");
    // btrfs has no inode table (it reports 0 inodes): only filesystems that have one can run out.
    if (space->inodes_limited && space->available_inodes < estimate.inodes)
        return fail(ErrorKind::no_space, object,
                    "not enough inodes for a backup in " + backups.string() + ": needs " +
                        std::to_string(estimate.inodes) + ", " + std::to_string(space->available_inodes) + " free");
    return {};
}

std::string read_version(const std::filesystem::path& data_volume) {
    auto text = read_text_file(data_volume / "gitlab-rails" / "VERSION");
    if (!text) return "";
    std::string version = *text;
    while (!version.empty() && std::isspace(static_cast<unsigned char>(version.back()))) version.pop_back();
    return version;
}

// The archive gitlab-backup names in its output ("... NAME_gitlab_backup.tar ...").
std::string archive_named_in(const std::string& output) {
    const std::string suffix = "_gitlab_backup.tar";
    auto end = output.rfind(suffix);
    if (end == std::string::npos) return "";
    auto start = output.find_last_of(" \t\n/:", end);
    start = start == std::string::npos ? 0 : start + 1;
    return output.substr(start, end + suffix.size() - start);
}

struct CopyPlan {
    std::filesystem::path volumes;
    std::filesystem::path partial;
    std::optional<std::filesystem::path> previous;
    SnapshotMethod method = SnapshotMethod::rsync;  // how freeze takes its still copy
    std::filesystem::path still_copy;               // btrfs-snapshot, reflink: where it is taken
    // When the previous snapshot was taken, as its ID says, less a margin: a file whose ctime
    // is at or after it may have changed since, whatever its mtime says.
    FileTime previous_started = 0;
    // The previous snapshot's record of the volumes' directories (directory_inodes.hpp).
    std::optional<DirectoryInodes> previous_directories;
    // For the copies that check the space in their own walk (copy_incrementally); empty when
    // it was checked before.
    SpaceCheck check_space;
};

// The still copy of the volumes a btrfs-snapshot or reflink freeze takes, beside them (the
// same filesystem): ROOT/noeud-gitlab-N/mapping-volumes.frozen.
std::filesystem::path still_copy_path(const std::filesystem::path& volumes) {
    return volumes.parent_path() / (volumes.filename().string() + ".frozen");
}

// A still copy left by a killed run, or the one just used: a btrfs snapshot is a subvolume.
Result<void> remove_still_copy(FilesystemSnapshots& filesystem, const std::filesystem::path& still_copy) {
    if (!exists_quietly(still_copy)) return {};
    if (filesystem.is_subvolume(still_copy)) return filesystem.remove_subvolume(still_copy);
    std::error_code error;
    std::filesystem::remove_all(still_copy, error);
    if (error) return fail(kind_of_errno(error.value()), still_copy.string(), "cannot remove: " + error.message());
    return {};
}

struct CopyResult {
    std::int64_t window_ms = 0;                // how long GitLab was paused or stopped
    // freeze: the window's parts, {"pause_ms", "copy_ms", "unpause_ms"}: the pause (the
    // cgroup freezer's or Docker's), the snapshot, clone or final pass, the unpause; the rsync
    // method's final pass adds "walk_ms", its comparison of the volumes with the live pass's
    // copy (before "copy_ms").
    nlohmann::json window_phases = nlohmann::json::object();
    // freeze, rsync method: the steps before the window, {"live_pass_ms", "flush_ms",
    // "push_count_ms"}: the copy while GitLab runs (incremental_copy.hpp), the writeback of
    // the copy, the database count for the drill.
    nlohmann::json before_window_phases = nlohmann::json::object();
    std::string paused_with;                   // freeze: FreezeChoice::description
    std::string archive;                       // app: gitlab-backup's archive file name
    std::optional<std::uint64_t> push_events;  // counted just before the pause, stop or archive
    // The volumes' directories as the snapshot holds them, for the next backup; none when no
    // walk saw them in that state (a clone, app's parts, a full final pass).
    std::optional<DirectoryInodes> directories;
    // What copy_incrementally did, for the log: {"linked", "copied", "copied_bytes", "listed",
    // "copied_again"}, added up over its calls; and the hashes of the files it copied.
    nlohmann::json copy_counts = nlohmann::json::object();
    std::deque<InodeHashCache::Written> written;

    // Takes in what one call of copy_incrementally did.
    void add(IncrementalCopyStats&& copied) {
        for (const auto& [name, count] : {std::pair{"linked", copied.linked},
                                          {"copied", copied.copied},
                                          {"copied_bytes", copied.copied_bytes},
                                          {"listed", copied.listed},
                                          {"copied_again", copied.copied_again}})
            copy_counts[name] = copy_counts.value(name, std::uint64_t{0}) + count;
        // Moved whole when it is the only one: at 400,000 files the hashes take 27 MiB.
        if (written.empty()) written = std::move(copied.written);
        else std::move(copied.written.begin(), copied.written.end(), std::back_inserter(written));
        if (copied.directories) directories = std::move(copied.directories);
    }
};

// Where a full final pass sets the live pass's copy aside: ID.live.partial, a leftover partial
// like any other if the run is killed.
std::filesystem::path set_aside_live_copy(const CopyPlan& plan) {
    return plan.partial.parent_path() / (plan.partial.stem().string() + ".live" + plan.partial.extension().string());
}

// The pass over the paused volumes that makes the live pass's copy exact: only what changed
// since the live pass started is copied again, and what vanished is removed; a directory the
// live pass's walk saw another directory at (`at_live_pass`) is copied again whole. After a
// live pass that could not copy some entry (rsync exit 23), a full pass, as it cannot tell
// what: into a fresh directory linked to the live pass's copy (set_aside_live_copy, for the
// caller to remove once GitLab runs again), since rsync onto that copy would set new
// attributes in place on inodes the older snapshots share. Laps "walk_ms" in `window` when it
// compared the trees. Returns the volumes' directories as they are now (none after a full pass).
Result<std::optional<DirectoryInodes>> final_pass(ProcessRunner& processes, const CopyPlan& plan,
                                                  FileTime live_pass_started, const IncrementalCopyStats& live,
                                                  PhaseTimer& window) {
    TreeCopy pass{.source = plan.volumes, .destination = plan.partial, .link_dest = plan.previous};
    if (live.rsync.incomplete) {
        const auto live_copy = set_aside_live_copy(plan);
        if (::rename(plan.partial.c_str(), live_copy.c_str()) != 0 || ::mkdir(plan.partial.c_str(), 0700) != 0)
            return fail(kind_of_errno(errno), plan.partial.string(),
                        std::string("cannot set the live pass's copy aside: ") + std::strerror(errno));
        pass.link_dest = live_copy;
        if (auto copied = copy_tree(processes, pass); !copied) return std::unexpected(copied.error());
        return std::nullopt;
    }
    auto changes = changes_since(plan.volumes, plan.partial, live_pass_started, live.directories);
    if (!changes) return std::unexpected(changes.error());
    window.lap("walk_ms");
    if (auto removed = remove_from_copy(plan.partial, changes->to_remove); !removed) return std::unexpected(removed.error());
    pass.only = std::move(changes->to_copy);
    if (auto copied = copy_tree(processes, pass); !copied) return std::unexpected(copied.error());
    return std::move(changes->directories);
}

// Written before GitLab is paused and gone once it runs again: it tells the next operation
// that a paused or frozen GitLab is a killed backup's doing, to undo, and not its operator's.
Result<void> note_pause(const Services& services, const InstanceRecord& record) {
    return write_journal(services, record.number,
                         {.operation = "backup --strategy freeze", .paused = true});
}

// Copies volumes into the partial snapshot per strategy. The pause and the stop are undone
// here on every path.
Result<CopyResult> copy_per_strategy(Services& services, const InstanceRecord& record, const std::string& strategy_used,
                                     const CopyPlan& plan, bool leave_stopped, const std::string& object) {
    // Strict by default: GitLab is stopped, paused or absent while it runs.
    const TreeCopy full{.source = plan.volumes, .destination = plan.partial, .link_dest = plan.previous};
    auto& clock = services.clock;

    if (strategy_used == "cold") {
        auto copied = copy_incrementally(services.processes, full, plan.previous_started, plan.previous_directories,
                                         plan.check_space);
        if (!copied) return std::unexpected(copied.error().about(object));
        CopyResult result;
        result.add(std::move(*copied));
        return result;
    }
    // The database's rows at the last moment it can be asked: the snapshot holds at least these.
    auto count_now = [&] { return count_push_events(services.docker, record.container, 30s); };

    if (strategy_used == "freeze" && plan.method != SnapshotMethod::rsync) {
        const auto push_events = count_now();
        // Goes whatever happens, the copy from it done or not.
        UndoStack still_copy_goes;
        still_copy_goes.push([&] {
            if (auto removed = remove_still_copy(services.snapshots, plan.still_copy); !removed)
                services.reporter.warn(object + ": " + removed.error().message());
        });
        const bool btrfs = plan.method == SnapshotMethod::btrfs_snapshot;
        if (auto noted = note_pause(services, record); !noted)
            return std::unexpected(noted.error().about(object));
        FreezeGuard guard(services, record.container, object,
                          [&] { clear_journal(services, record.number); });
        // Written out just before the pause: a btrfs snapshot flushes what is dirty, a clone
        // reads it; neither should do it while GitLab waits, so nothing else comes between.
        if (auto synced = sync_filesystem(plan.volumes); !synced) return std::unexpected(synced.error().about(object));
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        services.reporter.progress(object + (btrfs ? ": GitLab paused for a btrfs snapshot"
                                                    : ": GitLab paused while its volumes are cloned"));
        const auto frozen_at = clock.monotonic();
        PhaseTimer window_timer(clock);
        if (auto paused = guard.freeze(); !paused) return std::unexpected(paused.error().about(object));
        window_timer.lap("pause_ms");
        auto taken = btrfs ? services.snapshots.snapshot_subvolume(plan.volumes, plan.still_copy)
                           : clone_tree(services.processes, plan.volumes, plan.still_copy);
        window_timer.lap("copy_ms");
        auto resumed = guard.release();
        window_timer.lap("unpause_ms");
        const auto window = std::chrono::duration_cast<std::chrono::milliseconds>(clock.monotonic() - frozen_at);
        if (!taken) return std::unexpected(taken.error().about(object));
        if (!resumed) return std::unexpected(resumed.error().about(object));
        // Exact, while GitLab runs: nothing writes to the still copy.
        services.reporter.progress(object + ": copying the still copy while GitLab runs");
        TreeCopy from_still{.source = plan.still_copy, .destination = plan.partial, .link_dest = plan.previous};
        // A btrfs snapshot keeps its files' ctimes; a clone's are its own, so it gets rsync
        // alone, and the changed files are found from the volumes' ctimes.
        CopyResult result{.window_ms = window.count(),
                          .window_phases = window_timer.phases(),
                          .paused_with = guard.choice().description,
                          .push_events = push_events};
        if (btrfs) {
            auto copied = copy_incrementally(services.processes, from_still, plan.previous_started,
                                             plan.previous_directories);
            if (!copied) return std::unexpected(copied.error().about(object));
            result.add(std::move(*copied));
        } else {
            if (auto copied = copy_tree(services.processes, from_still); !copied)
                return std::unexpected(copied.error().about(object));
            if (auto again = copy_again_what_quick_check_missed(services.processes, from_still, plan.volumes,
                                                                plan.previous_started);
                !again)
                return std::unexpected(again.error().about(object));
        }
        return result;
    }

    if (strategy_used == "freeze") {
        services.reporter.progress(object + ": copying while GitLab runs");
        TreeCopy live_pass = full;
        live_pass.live_source = true;
        PhaseTimer steps(clock);
        const FileTime live_pass_started = copy_start_time();
        // What changes from here on has a ctime the final pass sees.
        auto live = copy_incrementally(services.processes, live_pass, plan.previous_started, plan.previous_directories,
                                       plan.check_space);
        if (!live) return std::unexpected(live.error().about(object));
        steps.lap("live_pass_ms");
        if (interrupted()) return fail(ErrorKind::failed, object, "interrupted");
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        // Flushed before the pause: writeback of the live pass must not slow the frozen one.
        if (auto synced = sync_filesystem(plan.partial); !synced) return std::unexpected(synced.error().about(object));
        steps.lap("flush_ms");
        const auto push_events = count_now();
        steps.lap("push_count_ms");
        if (auto noted = note_pause(services, record); !noted)
            return std::unexpected(noted.error().about(object));
        FreezeGuard guard(services, record.container, object,
                          [&] { clear_journal(services, record.number); });
        services.reporter.progress(object + ": GitLab paused for the final pass");
        const auto frozen_at = clock.monotonic();
        PhaseTimer window_timer(clock);
        if (auto paused = guard.freeze(); !paused) return std::unexpected(paused.error().about(object));
        window_timer.lap("pause_ms");
        // Exact: nothing moves while frozen.
        auto pass = final_pass(services.processes, plan, live_pass_started, *live, window_timer);
        window_timer.lap("copy_ms");
        auto resumed = guard.release();
        window_timer.lap("unpause_ms");
        const auto window = std::chrono::duration_cast<std::chrono::milliseconds>(clock.monotonic() - frozen_at);
        std::error_code ignored;  // a leftover partial if this fails: removed by the next run
        std::filesystem::remove_all(set_aside_live_copy(plan), ignored);
        if (!pass) return std::unexpected(pass.error().about(object));
        if (!resumed) return std::unexpected(resumed.error().about(object));
        CopyResult result{.window_ms = window.count(),
                          .window_phases = window_timer.phases(),
                          .before_window_phases = steps.phases(),
                          .paused_with = guard.choice().description,
                          .push_events = push_events};
        result.add(std::move(*live));
        result.directories = std::move(*pass);  // as the final pass saw them, not the live pass
        return result;
    }

    if (strategy_used == "stop") {
        services.reporter.progress(object + ": stopping GitLab for a cold copy");
        // Written first: a run killed while GitLab is down must not leave it down for good.
        if (auto noted = write_journal(services, record.number, {.operation = "backup --strategy stop", .stopped = true});
            !noted)
            return std::unexpected(noted.error().about(object));
        const auto push_events = count_now();
        const auto stopped_at = clock.monotonic();
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        if (auto stopped = services.docker.stop_container(record.container, services.config.stop_timeout); !stopped)
            return std::unexpected(stopped.error().about(object));
        // A failed copy always starts GitLab again, even when the caller wanted it left stopped.
        UndoStack restart;
        restart.push([&] {
            if (auto restarted = services.docker.start_container(record.container); !restarted)
                services.reporter.warn(object + ": could not start GitLab again: " + restarted.error().message());
            else
                clear_journal(services, record.number);
        });
        auto copied = copy_incrementally(services.processes, full, plan.previous_started, plan.previous_directories);
        if (!copied) return std::unexpected(copied.error().about(object));
        restart.dismiss();
        CopyResult result{.push_events = push_events};
        result.add(std::move(*copied));
        if (leave_stopped) return result;
        if (auto started = services.docker.start_container(record.container); !started)
            return std::unexpected(started.error().about(object));
        if (auto ready = wait_until_ready(services.docker, clock, services.reporter,
                                          {record.container, object, services.config.readiness_timeout});
            !ready)
            return std::unexpected(ready.error());
        clear_journal(services, record.number);
        result.window_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(clock.monotonic() - stopped_at).count();
        return result;
    }

    // app: GitLab writes its archive into data/backups; the snapshot keeps that directory
    // and the config volume, which the archive leaves out (secrets, gitlab.rb).
    const auto push_events = count_now();
    services.reporter.progress(object + ": running gitlab-backup create");
    auto created = services.docker.exec(record.container, {"gitlab-backup", "create"},
                                        std::chrono::duration_cast<std::chrono::seconds>(kAppBackupTimeout));
    if (!created) return std::unexpected(created.error().about(object));
    if (created->exit_code != 0)
        return fail(ErrorKind::failed, object,
                    "gitlab-backup create failed (exit status " + std::to_string(created->exit_code) +
                        "): " + tail_of(created->err + created->out));
    CopyResult result{.archive = archive_named_in(created->out + "\n" + created->err), .push_events = push_events};
    const std::string& archive = result.archive;
    if (archive.empty()) return fail(ErrorKind::failed, object, "gitlab-backup create did not name its archive");
    for (const char* part : {"config", "data/backups"}) {
        std::error_code ignored;
        std::filesystem::create_directories(plan.partial / part, ignored);
        // Exact, though GitLab runs: the archive is finished and the config is what makes it
        // restorable. rsync's 23 (a file not transferred, say an unreadable
        // gitlab-secrets.json) or 24 must fail the backup, never publish a snapshot without it.
        TreeCopy copy{.source = plan.volumes / part,
                      .destination = plan.partial / part,
                      .link_dest = plan.previous ? std::optional(*plan.previous / part) : std::nullopt};
        // No record: app's parts are not the volumes' tree.
        auto copied = copy_incrementally(services.processes, copy, plan.previous_started, std::nullopt);
        if (!copied) return std::unexpected(copied.error().about(object));
        copied->directories.reset();
        result.add(std::move(*copied));
    }
    if (!exists_quietly(plan.partial / "data/backups" / archive))
        return fail(ErrorKind::failed, object, "gitlab-backup's archive " + archive + " is not in data/backups");
    return result;
}

// The size of the newest snapshot before `id` holding an app archive (app) or the volumes
// (freeze, stop, cold); 0 when there is none.
std::uint64_t previous_size_of_kind(const SnapshotStore& store, const std::string& id, bool app) {
    auto entries = store.list();
    if (!entries) return 0;
    std::uint64_t bytes = 0;
    for (const auto& entry : *entries)
        if (entry.id < id && entry.manifest && (entry.manifest->strategy == "app") == app) bytes = entry.manifest->bytes;
    return bytes;
}

void prune(Services& services, const SnapshotStore& store, const std::string& object, std::vector<std::string>& pruned) {
    auto entries = store.list();
    if (!entries) return;
    std::vector<RetentionCandidate> candidates;
    for (const auto& entry : *entries)
        if (auto time = snapshot_time(entry.id))
            candidates.push_back({entry.id, *time, !entry.known_damaged(), entry.drill && entry.drill->passed()});
    for (const auto& id : snapshots_to_prune(candidates, services.config.retention)) {
        if (auto removed = store.remove(id); !removed) {
            services.reporter.warn(removed.error().message());
            continue;
        }
        services.reporter.info(object + ": removed backup " + id + " (retention)");
        pruned.push_back(id);
    }
}

}  // namespace

const char* to_string(BackupStrategy strategy) {
    switch (strategy) {
        case BackupStrategy::freeze: return "freeze";
        case BackupStrategy::stop: return "stop";
        case BackupStrategy::app: return "app";
    }
    return "freeze";
}

std::optional<BackupStrategy> backup_strategy_from(std::string_view text) {
    for (auto strategy : {BackupStrategy::freeze, BackupStrategy::stop, BackupStrategy::app})
        if (text == to_string(strategy)) return strategy;
    return {};
}

Result<BackupOutcome> backup_locked(Services& services, const InstanceRecord& record, BackupStrategy strategy,
                                    bool leave_stopped) {
    const std::string object = record.label();
    const auto& layout = services.layout;
    SnapshotStore store(layout.backups(record.number));
    // A killed run may have left GitLab paused or stopped, or its volumes set aside: bring
    // them back before anything else.
    if (auto recovered = recover_interrupted_operation(services, record); !recovered)
        return std::unexpected(recovered.error());
    const auto volumes = layout.instance_directory(record.number) / "mapping-volumes";
    if (!is_directory_quietly(volumes))
        return fail(ErrorKind::not_found, object, "its volumes " + volumes.string() + " are missing");
    std::error_code fs_error;
    std::filesystem::create_directories(store.directory(), fs_error);
    remove_leftover_partials(services, store, object);

    // A stopped or missing container gets a plain cold copy: nothing is writing.
    auto container = services.docker.inspect_container(record.container);
    if (!container && container.error().kind != ErrorKind::not_found)
        return std::unexpected(container.error().about(object));
    // Paused by its operator: as still as a stopped GitLab, and left so.
    const auto held_still = container && container->running
                                ? held_still_by_someone_else(services, record, *container)
                                : std::nullopt;
    if (held_still)
        services.reporter.warn(object + ": " + held_still->how +
                               ": a cold copy, and GitLab stays so");
    const bool running = container && container->running && !held_still;
    if (!running && strategy == BackupStrategy::app)
        return fail(
            held_still ? ErrorKind::conflict : ErrorKind::failed, object,
            "the app strategy needs GitLab running (it runs gitlab-backup inside)" +
                (held_still ? ": " + held_still->how + "; run `" + held_still->release + "` first"
                            : ""));
    const std::string strategy_used = running ? to_string(strategy) : "cold";

    auto previous = store.newest_usable();
    if (!previous) return std::unexpected(previous.error());
    const std::string id = store.new_id(services.clock.now());
    const auto partial = store.partial_path(id);
    CopyPlan plan{volumes, partial, *previous ? std::optional((*previous)->directory) : std::nullopt};
    // From the epoch (every linked file compared by content) after a snapshot that was not
    // checked so, or whose ID names no time.
    const bool previous_checked = *previous && (*previous)->manifest && (*previous)->manifest->quick_check_misses_copied;
    if (previous_checked)
        plan.previous_started =
            copy_start_time(snapshot_time((*previous)->id).value_or(std::chrono::system_clock::time_point{}));
    if (*previous) plan.previous_directories = read_directory_inodes((*previous)->directory / kDirectoryInodesFile);
    if (*previous && !previous_checked)
        services.reporter.info(object + ": backup " + (*previous)->id +
                               " may hold files rsync took for unchanged; each file is compared by content this once");
    plan.still_copy = still_copy_path(volumes);
    if (exists_quietly(plan.still_copy)) {
        if (auto removed = remove_still_copy(services.snapshots, plan.still_copy); !removed)
            return std::unexpected(removed.error().about(object));
        services.reporter.warn(object + ": removed " + plan.still_copy.filename().string() +
                               ", left by a backup that did not finish");
    }
    if (strategy_used == "freeze") plan.method = choose_snapshot_method(services.snapshots, volumes).method;

    // Where the time goes, in the operations log: the first question about a slow backup.
    const auto started = services.clock.monotonic();
    PhaseTimer timer(services.clock);
    // A cold copy and the rsync method's live pass count what they will write in the walk they
    // make anyway, and check before writing any data. The others check first, with a walk of
    // their own: before GitLab is paused, stopped or asked for its archive.
    if (strategy_used == "cold" || (strategy_used == "freeze" && plan.method == SnapshotMethod::rsync)) {
        plan.check_space = [&](const SpaceEstimate& to_write) {
            return check_free_space(to_write, store.directory(), object);
        };
    } else {
        auto estimate = estimate_snapshot_space(volumes, plan.previous);
        if (!estimate) return std::unexpected(estimate.error());
        if (auto space = check_free_space(*estimate, store.directory(), object); !space)
            return std::unexpected(space.error());
        timer.lap("space_check_ms");
    }

    if (::mkdir(partial.c_str(), 0700) != 0)
        return fail(kind_of_errno(errno), object, "cannot create " + partial.string() + ": " + std::strerror(errno));
    UndoStack undo;
    undo.push([&] {
        std::error_code ignored;
        std::filesystem::remove_all(partial, ignored);
    });

    SnapshotManifest manifest;
    manifest.id = id;
    manifest.instance = record;
    manifest.strategy = strategy_used;
    manifest.method = to_string(plan.method);
    manifest.started_at = rfc3339_ms(services.clock.now());
    manifest.previous = *previous ? (*previous)->id : "";
    manifest.quick_check_misses_copied = true;

    auto copied = copy_per_strategy(services, record, strategy_used, plan, leave_stopped, object);
    if (!copied) return std::unexpected(copied.error());
    if (leave_stopped && strategy_used == "stop")
        undo.push([&] {  // the snapshot failed after the copy: GitLab must not stay down
            if (auto restarted = services.docker.start_container(record.container); !restarted)
                services.reporter.warn(object + ": could not start GitLab again: " + restarted.error().message());
            else
                clear_journal(services, record.number);
        });
    if (interrupted()) return fail(ErrorKind::failed, object, "interrupted; the backup was abandoned");
    if (copied->directories)
        if (auto recorded = write_directory_inodes(partial / kDirectoryInodesFile, *copied->directories); !recorded)
            return std::unexpected(recorded.error().about(object));
    manifest.freeze_window_ms = copied->window_ms;
    manifest.app_backup = copied->archive;
    manifest.expected.push_events_at_least = copied->push_events;
    timer.lap("copy_ms");
    // Branches and tags as the snapshot holds them: the frozen or stopped data itself. An app
    // snapshot's repositories are inside GitLab's archive, which is not read here.
    if (strategy_used != "app") {
        auto refs = read_repository_refs(services.processes, partial / "data" / kRepositoriesUnderData);
        if (!refs) return std::unexpected(refs.error().about(object));
        manifest.expected.repositories = std::move(*refs);
        manifest.expected.refs_recorded = true;
    }
    timer.lap("refs_ms");

    services.reporter.progress(object + ": checksumming the snapshot");
    InodeHashCache known_hashes;
    if (*previous && (*previous)->manifest)
        if (auto remembered = remember_checksums((*previous)->directory, (*previous)->manifest->checksums_sha256,
                                                 known_hashes);
            !remembered)
            services.reporter.warn(object + ": " + remembered.error().message() + "; every file is read again");
    known_hashes.load_written(std::move(copied->written));
    auto checksums = checksum_snapshot(partial, known_hashes);
    if (!checksums) return std::unexpected(checksums.error().about(object));
    auto list_sha256 = write_checksums(partial / kChecksumsFile, checksums->files);
    if (!list_sha256) return std::unexpected(list_sha256.error().about(object));
    manifest.checksums_sha256 = std::move(*list_sha256);
    timer.lap("checksums_ms");
    manifest.files = checksums->counts.files;
    manifest.directories = checksums->counts.directories;
    manifest.symlinks = checksums->counts.symlinks;
    manifest.bytes = checksums->counts.bytes;
    manifest.added_bytes = checksums->counts.added_bytes;
    manifest.gitlab_version = read_version(volumes / "data");
    if (auto image = services.docker.inspect_image(record.image)) {
        manifest.image_id = image->id;
        manifest.image_digests = image->repo_digests;
    } else {
        services.reporter.warn(object + ": image " + record.image + " not inspectable: " + image.error().message());
    }
    manifest.image_reference = record.image;
    manifest.finished_at = rfc3339_ms(services.clock.now());
    if (auto written = write_manifest(partial, manifest); !written) return std::unexpected(written.error().about(object));

    // Published only when on disk: a crash before the rename leaves a .partial, never a
    // snapshot that looks whole.
    if (auto synced = sync_filesystem(partial); !synced) return std::unexpected(synced.error().about(object));
    if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
    if (::rename(partial.c_str(), store.path_of(id).c_str()) != 0)
        return fail(kind_of_errno(errno), object, "cannot publish backup " + id + ": " + std::strerror(errno));
    undo.dismiss();
    if (auto synced = sync_directory(store.directory()); !synced) services.reporter.warn(synced.error().message());
    timer.lap("publish_ms");

    BackupOutcome outcome{record, manifest, {}};
    auto updated = services.inventory.modify(record.number, [&](InstanceRecord& stored) {
        stored.last_backup = id;
        stored.updated_at = rfc3339_utc(services.clock.now());
    });
    if (updated) outcome.record = *updated;
    else services.reporter.warn(updated.error().message());
    prune(services, store, object, outcome.pruned);

    // Half the data gone since the last snapshot of the same kind (an app archive is always
    // smaller than the volumes) is more often a loss than a cleanup: say so.
    const std::uint64_t previous_bytes = previous_size_of_kind(store, id, strategy_used == "app");
    const bool size_dropped = manifest.bytes * 2 < previous_bytes;
    if (size_dropped)
        services.reporter.warn(object + ": backup " + id + " holds " + human_bytes(manifest.bytes) +
                               ", less than half of the previous backup's " + human_bytes(previous_bytes) +
                               ": check that no data was lost");
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(services.clock.monotonic() - started);
    services.reporter.info(object + ": backup " + id + " done (" + strategy_used + ", " +
                           std::to_string(manifest.files) + " files, " + human_bytes(manifest.bytes) +
                           ", GitLab paused " + std::to_string(manifest.freeze_window_ms) + " ms)");
    nlohmann::json entry = {{"operation", "backup"},
                            {"instance", record.number},
                            {"backup", id},
                            {"strategy", strategy_used},
                            {"freeze_window_ms", manifest.freeze_window_ms},
                            {"files", manifest.files},
                            {"bytes", manifest.bytes},
                            {"bytes_hashed", checksums->bytes_read},
                            {"duration_ms", took.count()},
                            {"phases", timer.phases()},
                            {"pruned", outcome.pruned},
                            {"size_dropped", size_dropped},
                            {"outcome", "ok"}};
    if (!copied->window_phases.empty()) entry["freeze_window_phases"] = copied->window_phases;
    if (!copied->before_window_phases.empty()) entry["before_window_phases"] = copied->before_window_phases;
    if (!copied->paused_with.empty()) entry["paused_with"] = copied->paused_with;
    if (!copied->copy_counts.empty()) entry["copy"] = copied->copy_counts;
    services.reporter.record(entry);
    return outcome;
}

Result<BackupOutcome> backup(Services& services, const std::string& instance, BackupStrategy strategy) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto record = find_instance_on_this_host(services.inventory, *records, instance, "backup");
    if (!record) return std::unexpected(record.error());
    if (record->state != InstanceState::active)
        return fail(ErrorKind::usage, record->label(),
                    std::string("is ") + to_string(record->state) + ": only active instances are backed up");
    auto lock = services.inventory.lock(record->number, "backup");
    if (!lock) return std::unexpected(record_failure(services, "backup", *record, lock.error()));
    return with_hooks(
        services, "backup", HookEvent::pre_backup, HookEvent::post_backup, *record, "",
        [&]() -> Result<BackupOutcome> {
            try {
                return backup_locked(services, *record, strategy);
            } catch (const std::filesystem::filesystem_error& error) {
                return std::unexpected(filesystem_error(error).about(record->label()));
            }
        },
        [](const BackupOutcome& done) { return done.manifest.id; });
}

BatchBackupOutcome backup_all(Services& services, BackupStrategy strategy) {
    BatchBackupOutcome outcome;
    auto records = services.inventory.list();
    if (!records) {
        outcome.failed.push_back(records.error());
        return outcome;
    }
    for (const auto& record : *records) {
        if (record.state != InstanceState::active) continue;
        if (interrupted()) break;
        auto done = backup(services, std::to_string(record.number), strategy);
        if (done) outcome.done.push_back(std::move(*done));
        else outcome.failed.push_back(done.error());
    }
    return outcome;
}

}  // namespace girofle
