#include "core/operations/restore.hpp"

#include "core/address_choice.hpp"
#include "core/backup/rsync.hpp"
#include "core/backup/snapshot_id.hpp"
#include "core/backup/snapshot_method.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/backup/verified_copy.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/interruption.hpp"
#include "core/inventory/held_locks.hpp"
#include "core/inventory/instance_host.hpp"
#include "core/observe/hooks.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/phase_timer.hpp"
#include "core/readiness.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

constexpr std::uint64_t kRestoreMargin = 64ULL << 20;
constexpr auto kAppRestoreTimeout = std::chrono::hours(6);

struct ChosenSnapshot {
    SnapshotEntry entry;
    SnapshotManifest manifest;
    std::map<std::string, std::string> checksums;  // the list the copy checks every file against
};

// The snapshot asked for, or the newest usable one, with its checksum list as the manifest
// recorded it. Its files are checked while they are copied (copy_verified_snapshot).
Result<ChosenSnapshot> choose_snapshot(const SnapshotStore& store, const std::optional<std::string>& backup_id,
                                       const std::string& object) {
    auto entry = find_or_newest_usable(store, backup_id, object);
    if (!entry) return std::unexpected(entry.error());
    if (!entry->manifest)
        return fail(ErrorKind::failed, "backup " + entry->id, "damaged, restore refused: " + entry->manifest_error);
    auto checksums = read_recorded_checksums(entry->directory, entry->manifest->checksums_sha256);
    if (!checksums)
        return fail(ErrorKind::failed, "backup " + entry->id, "damaged, restore refused: " + checksums.error().message());
    return ChosenSnapshot{*entry, *entry->manifest, std::move(*checksums)};
}

FileOperations& files_of(const RestoreOptions& options) {
    return options.files ? *options.files : local_file_operations();
}

// The address the restored instance will use, refused with the reason if it cannot.
Result<std::string> restored_address(Services& services, const InstanceRecord& record,
                                     const std::vector<InstanceRecord>& records, const std::optional<std::string>& ip) {
    const std::string wanted = ip.value_or(record.ip);
    std::vector<InstanceRecord> others;
    for (const auto& other : records)
        if (other.number != record.number) others.push_back(other);
    // Its own running container holds its ports: only check them when it has none.
    auto own = services.docker.inspect_container(record.container);
    AddressRequest request{.ip = wanted, .ports = record.ports};
    if (own && own->running && wanted == record.ip) {
        if (const auto* holder = holder_of_address(others, wanted))
            return fail(ErrorKind::usage, "address " + wanted, "taken by " + holder->label());
        return wanted;
    }
    auto usable = usable_addresses(request, services.network, others);
    if (!usable) {
        if (!ip) return fail(usable.error().kind, usable.error().object,
                             usable.error().cause + "; give another with --ip");
        return std::unexpected(usable.error());
    }
    return wanted;
}

std::string timestamp_suffix(Services& services) { return snapshot_id_for(services.clock.now()); }

Result<RestoreOutcome> restore_beside(Services& services, const InstanceRecord& source, const ChosenSnapshot& chosen,
                                      const RestoreOptions& options) {
    CommissionOptions commission_options;
    commission_options.name = *options.as_name;
    commission_options.ip = options.ip;
    commission_options.image = chosen.manifest.image_reference;
    commission_options.ports = source.ports;
    commission_options.operation = "restore";
    // The copy is backed up like the original, unless it predates schedules.
    if (!source.schedule.cron.empty()) {
        commission_options.schedule = source.schedule.cron;
        commission_options.schedule_remote = source.schedule.remote;
    }
    commission_options.fill_volumes = [&](const InstanceRecord& record) -> Result<void> {
        auto volumes = services.layout.instance_directory(record.number) / "mapping-volumes";
        if (auto space = check_restore_space(volumes, chosen.manifest, record.label()); !space) return space;
        if (auto cleared = clear_new_volumes(volumes); !cleared) return cleared;
        auto copied = copy_verified_snapshot(services, files_of(options), chosen.entry, chosen.checksums, volumes,
                                             record.label());
        if (!copied) return std::unexpected(copied.error());
        return {};
    };
    if (chosen.manifest.strategy == "app")
        commission_options.after_ready = [&](const InstanceRecord& record) {
            return run_app_restore(services, record, chosen.manifest);
        };
    auto record = commission(services, commission_options);
    if (!record) return std::unexpected(record.error());
    services.reporter.info(record->label() + ": restored beside " + source.label() + " from backup " + chosen.entry.id);
    return RestoreOutcome{*record, chosen.entry.id, {}};
}

}  // namespace

// GitLab refuses to restore across versions: the image must be the one the backup recorded.
Result<void> check_restore_image(Services& services, const SnapshotManifest& manifest) {
    if (auto present = ensure_image(services, manifest.image_reference); !present) return present;
    auto image = services.docker.inspect_image(manifest.image_reference);
    if (!image) return std::unexpected(image.error());
    if (manifest.image_id.empty() || image->id == manifest.image_id) return {};
    for (const auto& digest : image->repo_digests)
        for (const auto& recorded : manifest.image_digests)
            if (digest == recorded) return {};
    return fail(ErrorKind::failed, "image " + manifest.image_reference,
                "is now " + image->id + " but the backup was taken with " + manifest.image_id +
                    ": GitLab restores only onto the same version (pull or tag that image first)");
}

Result<void> check_restore_space(const std::filesystem::path& where, const SnapshotManifest& manifest, const std::string& object) {
    auto space = free_space(where);
    if (!space) return std::unexpected(space.error());
    const std::uint64_t needed = manifest.bytes + manifest.directories * 4096 + kRestoreMargin;
    if (space->available_bytes < needed)
        return fail(ErrorKind::no_space, object,
                    "not enough space to restore in " + where.string() + ": needs " + std::to_string(needed >> 20) +
                        " MiB, " + std::to_string(space->available_bytes >> 20) + " MiB free");
    return {};
}

Result<VerifiedCopyStats> copy_verified_snapshot(Services& services, FileOperations& files, const SnapshotEntry& entry,
                                                 const std::map<std::string, std::string>& checksums,
                                                 const std::filesystem::path& destination, const std::string& object) {
    services.reporter.progress(object + ": copying and verifying backup " + entry.id);
    // On btrfs the restored volumes are a subvolume, as commission makes them: the next freeze
    // backup then pauses GitLab only for a snapshot (DESIGN.md §13). Else a plain directory.
    const bool subvolume =
        on_btrfs(destination.parent_path()) && services.snapshots.create_subvolume(destination).has_value();
    auto copied = files.verified_copy({.snapshot = entry.directory,
                                       .trees = {std::begin(RootLayout::kVolumeKinds), std::end(RootLayout::kVolumeKinds)},
                                       .expected = checksums,
                                       .destination = destination,
                                       .destination_made_by_caller = subvolume});
    if (copied) return copied;
    // A file of the snapshot unreadable or not as listed: the snapshot is damaged, and says so
    // in its verification record (as `verify` would have found).
    const std::string snapshot_prefix = entry.directory.string() + "/";
    if (!copied.error().object.starts_with(snapshot_prefix)) return std::unexpected(copied.error().about(object));
    const std::string problem = copied.error().object.substr(snapshot_prefix.size()) + ": " + copied.error().cause;
    const Verification failed{.ok = false, .checked_at = rfc3339_utc(services.clock.now()), .problems = {problem}};
    if (auto recorded = SnapshotStore(entry.directory.parent_path()).record_verification(entry.id, failed); !recorded)
        services.reporter.warn(recorded.error().message());
    // The copy stops at the first problem: `girofle verify` lists them all.
    return fail(ErrorKind::failed, "backup " + entry.id, "damaged, restore refused: 1 problem(s), first: " + problem);
}

Result<void> clear_new_volumes(const std::filesystem::path& volumes) {
    std::error_code error;
    for (const char* kind : RootLayout::kVolumeKinds) std::filesystem::remove(volumes / kind, error);
    std::filesystem::remove(volumes, error);
    if (error) return fail(ErrorKind::failed, volumes.string(), "cannot clear for the copy: " + error.message());
    return {};
}

// A copy, never hard links: the restored instance writes to its own files.
Result<void> copy_snapshot_into(Services& services, const std::filesystem::path& snapshot, const std::filesystem::path& volumes) {
    for (const char* kind : RootLayout::kVolumeKinds) {
        std::error_code ignored;
        std::filesystem::create_directories(volumes / kind, ignored);
        if (!exists_quietly(snapshot / kind)) continue;  // app snapshots have no log
        auto copied = copy_tree(services.processes, {snapshot / kind, volumes / kind});
        if (!copied) return std::unexpected(copied.error());
    }
    return {};
}

// Strategy app: the snapshot holds GitLab's archive; GitLab's own restore puts it back.
Result<void> run_app_restore(Services& services, const InstanceRecord& record, const SnapshotManifest& manifest) {
    const std::string object = record.label();
    const std::string suffix = "_gitlab_backup.tar";
    const std::string backup_name = manifest.app_backup.substr(0, manifest.app_backup.size() - suffix.size());
    const auto timeout = std::chrono::duration_cast<std::chrono::seconds>(kAppRestoreTimeout);
    const std::vector<std::vector<std::string>> steps = {
        {"gitlab-ctl", "stop", "puma"},
        {"gitlab-ctl", "stop", "sidekiq"},
        {"gitlab-backup", "restore", "BACKUP=" + backup_name, "force=yes"},
        {"gitlab-ctl", "restart"}};
    for (const auto& step : steps) {
        services.reporter.progress(object + ": " + step[0] + " " + step[1]);
        auto ran = services.docker.exec(record.container, step, timeout);
        if (!ran) return std::unexpected(ran.error().about(object));
        if (ran->exit_code != 0)
            return fail(ErrorKind::failed, object,
                        step[0] + " " + step[1] + " failed (exit status " + std::to_string(ran->exit_code) +
                            "): " + tail_of(ran->err + ran->out));
    }
    return wait_until_ready(services.docker, services.clock, services.reporter,
                            {record.container, object, services.config.readiness_timeout, /*unhealthy_is_final=*/false});
}

Result<RestoreOutcome> restore_between_hooks(Services& services, const RestoreOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto found = find_instance(*records, options.instance);
    if (!found) return std::unexpected(found.error());
    const InstanceRecord original = *found;
    const std::string object = original.label();
    if (options.as_name)
        if (auto valid = validate_instance_name(*options.as_name); !valid) return std::unexpected(valid.error());
    if (options.ip && !is_ipv4_address(*options.ip))
        return fail(ErrorKind::usage, "address '" + *options.ip + "'", "not an IPv4 address");
    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());

    auto lock = services.inventory.lock(original.number, options.as_name ? "restore --as" : "restore");
    if (!lock) return std::unexpected(lock.error());
    if (auto recovered = recover_interrupted_operation(services, original); !recovered)
        return std::unexpected(recovered.error());
    // In place, the restore stops GitLab: not one its operator holds paused (restore --as
    // leaves it alone).
    if (!options.as_name)
        if (auto free = refuse_if_held_still_by_someone_else(services, original); !free)
            return std::unexpected(free.error());
    SnapshotStore store(options.backups_directory.value_or(services.layout.backups(original.number)));
    auto chosen = choose_snapshot(store, options.backup_id, object);
    if (!chosen) return std::unexpected(chosen.error());
    if (auto image = check_restore_image(services, chosen->manifest); !image) return std::unexpected(image.error());
    if (options.as_name) return restore_beside(services, original, *chosen, options);

    if (original.state == InstanceState::decommissioned)
        if (auto free = check_name_free(*records, original.name); !free)
            return fail(ErrorKind::usage, object,
                        "its name is now used by another instance: restore it beside with --as NAME");
    auto address = restored_address(services, original, *records, options.ip);
    if (!address) return std::unexpected(address.error());
    const auto instance_directory = services.layout.instance_directory(original.number);
    const auto volumes = instance_directory / "mapping-volumes";
    if (auto space = check_restore_space(instance_directory, chosen->manifest, object); !space)
        return std::unexpected(space.error());

    InstanceRecord restored = original;
    restored.image = chosen->manifest.image_reference;
    restored.state = InstanceState::active;
    restored.decommissioned_at.clear();
    if (*address != original.ip) {
        if (original.external_url == external_url_for(original.ip, original.ports.http))
            restored.external_url = external_url_for(*address, original.ports.http);
        restored.ip = *address;
    }

    // Every path the undo steps need outlives the stack: they are declared before it.
    FileOperations& files = files_of(options);
    const auto set_aside = instance_directory / ("mapping-volumes.before-restore-" + timestamp_suffix(services));
    const auto failed_copy = instance_directory / ("mapping-volumes.failed-restore-" + timestamp_suffix(services));
    const auto incoming = instance_directory / "mapping-volumes.restoring";
    // What a SIGKILL would leave, written before each step (the next operation puts it back).
    OperationJournal journal{.operation = "restore"};
    UndoStack undo;
    undo.push([&services, number = original.number] { clear_journal(services, number); });
    // 1. The snapshot is copied beside the live volumes while GitLab still runs, each file
    //    checked as it is read: a damaged snapshot is refused before anything moves, and GitLab
    //    stops only once its replacement is ready. The phases' times go to the operations log.
    journal.incoming = incoming;
    if (auto noted = write_journal(services, original.number, journal); !noted)
        return std::unexpected(noted.error().about(object));
    std::error_code ignored;
    std::filesystem::remove_all(incoming, ignored);
    undo.push([&incoming] {
        std::error_code error;
        std::filesystem::remove_all(incoming, error);
    });
    PhaseTimer timer(services.clock);
    auto copied = copy_verified_snapshot(services, files, chosen->entry, chosen->checksums, incoming, object);
    if (!copied) return std::unexpected(copied.error());
    timer.lap("verify_copy_ms");
    if (interrupted()) return fail(ErrorKind::failed, object, "interrupted; the previous state was put back");
    // 2. The running instance stops gracefully and its container goes; on failure it comes back.
    auto existing = services.docker.inspect_container(original.container);
    if (existing) {
        journal.stopped = journal.container_removed = original.state == InstanceState::active;
        if (auto noted = write_journal(services, original.number, journal); !noted)
            return std::unexpected(noted.error().about(object));
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        services.reporter.progress(object + ": stopping GitLab");
        if (auto stopped = services.docker.stop_container(original.container, services.config.stop_timeout); !stopped)
            return std::unexpected(stopped.error().about(object));
        if (auto removed = services.docker.remove_container(original.container, false); !removed)
            return std::unexpected(removed.error().about(object));
        undo.push([&] {
            auto spec = gitlab_container_spec(original, services.layout, services.config.stop_timeout);
            auto id = services.docker.create_container(spec);
            Result<void> started = id ? services.docker.start_container(*id) : Result<void>(std::unexpected(id.error()));
            if (!started)
                services.reporter.warn(object + ": could not bring its previous container back: " + started.error().message());
        });
    }
    // 3. The current volumes are set aside, whole; on failure they move back.
    if (exists_quietly(volumes)) {
        journal.set_aside = set_aside;
        if (auto noted = write_journal(services, original.number, journal); !noted)
            return std::unexpected(noted.error().about(object));
        if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
        if (auto moved = files.rename(volumes, set_aside); !moved)
            return fail(moved.error().kind, object, "cannot set the current volumes aside: " + moved.error().message());
        undo.push([&services, &files, &volumes, &set_aside, &failed_copy, &object] {
            // The restored copy is only a copy of the snapshot: it goes once the volumes are back.
            Result<void> moved = {};
            if (exists_quietly(volumes)) moved = files.rename(volumes, failed_copy);
            if (moved) moved = files.rename(set_aside, volumes);
            if (!moved) {
                services.reporter.warn(object + ": could not move its volumes back from " + set_aside.string() + ": " +
                                       moved.error().message());
                return;
            }
            std::error_code error;
            std::filesystem::remove_all(failed_copy, error);
        });
    }
    // 4. The copy takes their place, then GitLab starts on it with its configuration.
    timer.lap("stop_ms");
    if (auto held = operation_locks_held(); !held) return std::unexpected(held.error());
    if (auto placed = files.rename(incoming, volumes); !placed)
        return fail(placed.error().kind, object, "cannot put the restored volumes in place: " + placed.error().message());

    auto spec = gitlab_container_spec(restored, services.layout, services.config.stop_timeout);
    auto container_id = services.docker.create_container(spec);
    if (!container_id) return std::unexpected(container_id.error().about(object));
    undo.push([&services, id = *container_id] { services.docker.remove_container(id, true); });
    if (auto started = services.docker.start_container(*container_id); !started)
        return std::unexpected(started.error().about(object));
    timer.lap("container_start_ms");
    if (auto ready = wait_until_ready(services.docker, services.clock, services.reporter,
                                      {*container_id, object, services.config.readiness_timeout});
        !ready)
        return std::unexpected(ready.error());
    timer.lap("readiness_ms");
    if (chosen->manifest.strategy == "app") {
        if (auto done = run_app_restore(services, restored, chosen->manifest); !done) return std::unexpected(done.error());
        timer.lap("app_restore_ms");
    }

    auto stored = services.inventory.modify(original.number, [&](InstanceRecord& record) {
        record.ip = restored.ip;
        record.external_url = restored.external_url;
        record.image = restored.image;
        record.state = InstanceState::active;
        record.decommissioned_at.clear();
        record.container_id = *container_id;
        record.updated_at = rfc3339_utc(services.clock.now());
    });
    if (!stored) return std::unexpected(stored.error());
    undo.dismiss();
    clear_journal(services, original.number);
    // A decommissioned instance had its schedule removed; an active one keeps its own.
    if (auto scheduled = apply_schedule_file(services.cron, services.layout, *stored); !scheduled)
        services.reporter.warn(scheduled.error().message() + "; repair with: girofle schedule set " +
                               std::to_string(stored->number) + " '" + stored->schedule.cron + "'");
    services.reporter.info(object + ": restored from backup " + chosen->entry.id +
                           (exists_quietly(set_aside) ? "; previous volumes kept in " + set_aside.string() : ""));
    services.reporter.record({{"operation", "restore"},
                              {"instance", original.number},
                              {"backup", chosen->entry.id},
                              {"ip", restored.ip},
                              {"files", copied->files + copied->hard_links},
                              {"bytes", copied->bytes},
                              {"phases", timer.phases()},
                              {"outcome", "ok"}});
    return RestoreOutcome{*stored, chosen->entry.id,
                          exists_quietly(set_aside) ? set_aside : std::filesystem::path()};
}

Result<RestoreOutcome> restore(Services& services, const RestoreOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto found = find_instance_on_this_host(services.inventory, *records, options.instance, "restore");
    if (!found) return std::unexpected(found.error());
    return with_hooks(services, "restore", HookEvent::pre_restore, HookEvent::post_restore, *found,
                      options.backup_id.value_or(""), [&] { return restore_between_hooks(services, options); },
                      [](const RestoreOutcome& done) { return done.backup_id; });
}

Result<std::string> check_original_restore_form(Services& services, const std::string& container,
                                                const std::filesystem::path& directory) {
    auto info = services.docker.inspect_container(container);
    if (!info) {
        if (info.error().kind == ErrorKind::not_found)
            return fail(ErrorKind::usage, "container '" + container + "'", "no such container in Docker");
        return std::unexpected(info.error());
    }
    auto number = info->labels.find(labels::kInstance);
    auto root = info->labels.find(labels::kRoot);
    if (number == info->labels.end() || root == info->labels.end() || root->second != services.layout.root().string())
        return fail(ErrorKind::usage, "container '" + container + "'",
                    "not a Girofle instance of the root " + services.layout.root().string());
    const std::string object = "directory " + directory.string();
    if (!is_directory_quietly(directory)) return fail(ErrorKind::usage, object, "does not exist");
    for (const char* kind : RootLayout::kVolumeKinds)
        if (!is_directory_quietly(directory / "mapping-volumes" / kind))
            return fail(ErrorKind::usage, object, std::string("has no mapping-volumes/") + kind);
    if (!is_directory_quietly(directory / "bckups")) return fail(ErrorKind::usage, object, "has no bckups/");
    auto snapshots = SnapshotStore(directory / "bckups").list();
    if (!snapshots) return std::unexpected(snapshots.error());
    bool complete = false;
    for (const auto& entry : *snapshots) {
        bool all = true;
        for (const char* kind : RootLayout::kVolumeKinds) all = all && is_directory_quietly(entry.directory / kind);
        complete = complete || all;
    }
    if (!complete) return fail(ErrorKind::usage, object, "has no backup in bckups/ holding data, config and log");
    return number->second;
}

}  // namespace girofle
