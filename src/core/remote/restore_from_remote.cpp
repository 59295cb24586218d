#include "core/remote/restore_from_remote.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "core/address_choice.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/backup/verified_copy.hpp"
#include "core/file_io.hpp"
#include "core/file_operations.hpp"
#include "core/observe/hooks.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/restore.hpp"
#include "core/operations/verify.hpp"
#include "core/remote/remote_operations.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

// The snapshot asked for: usage errors when the remote does not hold it or when the choice
// is ambiguous.
Result<RemoteSnapshot> choose_snapshot(Services& services, const ResticRepository& repository,
                                       const RemoteRestoreOptions& options) {
    auto snapshots = list_remote(services, repository, options.instance);
    if (!snapshots) return std::unexpected(snapshots.error());
    if (options.snapshot) {
        for (const auto& snapshot : *snapshots)
            if (snapshot_matches(snapshot, *options.snapshot)) return snapshot;
        return fail(ErrorKind::usage, "snapshot " + *options.snapshot,
                    "not in " + repository.object() + (options.instance ? " for instance " + *options.instance : "") +
                        " (see girofle remote list)");
    }
    if (snapshots->empty())
        return fail(ErrorKind::usage, repository.object(),
                    options.instance ? "holds no snapshot of instance " + *options.instance : "holds no Girofle snapshot");
    std::set<std::string> instances;
    for (const auto& snapshot : *snapshots)
        instances.insert(std::to_string(snapshot.instance) + (snapshot.name.empty() ? "" : " " + snapshot.name));
    if (instances.size() > 1) {
        std::string names;
        for (const auto& instance : instances) names += (names.empty() ? "" : ", ") + instance;
        return fail(ErrorKind::usage, repository.object(), "holds several instances (" + names + "): give --instance");
    }
    return snapshots->back();
}

// Its number and name where they are free on this root; --as NAME gives a new instance.
Result<void> check_identity_free(Services& services, const RemoteSnapshot& snapshot, const RemoteRestoreOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    if (options.as_name) {
        if (auto valid = validate_instance_name(*options.as_name); !valid) return valid;
        return check_name_free(*records, *options.as_name);
    }
    const std::string object = "instance " + std::to_string(snapshot.instance);
    bool used = exists_quietly(services.layout.instance_directory(snapshot.instance));
    for (const auto& record : *records) used = used || record.number >= snapshot.instance;
    if (used)
        return fail(ErrorKind::usage, object,
                    "its number is already used on this root (numbers are never reused): give --as NAME to restore it as a new instance");
    if (const auto* holder = holder_of_name(*records, snapshot.name))
        return fail(ErrorKind::usage, object,
                    "its name '" + snapshot.name + "' is taken by " + holder->label() + ": give --as NAME");
    return {};
}

// A directory under the root (same filesystem: the snapshot is renamed into place), removed
// on every way out.
class StagingDirectory {
public:
    static Result<StagingDirectory> create(const RootLayout& layout, const std::string& id) {
        // A new VM's root: closed to others like every root (it will hold GitLab's secrets).
        if (auto created = create_private_directories(layout.root()); !created) return std::unexpected(created.error());
        auto path = layout.root() / (".remote-restore-" + id + "-" + std::to_string(::getpid()));
        if (::mkdir(path.c_str(), 0700) != 0)
            return fail(ErrorKind::failed, path.string(), std::string("cannot create: ") + std::strerror(errno));
        return StagingDirectory(path);
    }
    StagingDirectory(StagingDirectory&& other) noexcept : path_(std::exchange(other.path_, {})) {}
    ~StagingDirectory() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    explicit StagingDirectory(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

// A push from the stable path keeps the snapshot's contents at the root of restic's tree: it
// is restored into STAGING/ID. An older push kept its full path, which restic restores under
// the target: STAGING/that path.
Result<SnapshotEntry> fetch(Services& services, const ResticRepository& repository, const RemoteSnapshot& snapshot,
                            const std::filesystem::path& staging) {
    const std::string object = "backup " + snapshot.snapshot;
    // The ID comes from the remote's tags and names a directory here: one plain name only.
    if (snapshot.snapshot.find('/') != std::string::npos || snapshot.snapshot == "." || snapshot.snapshot == "..")
        return fail(ErrorKind::failed, object, "not a snapshot ID Girofle makes");
    services.reporter.progress(repository.object() + ": fetching backup " + snapshot.snapshot);
    const auto fetched = snapshot.holds_full_path() ? staging / std::filesystem::path(snapshot.path).relative_path()
                                                    : staging / snapshot.snapshot;
    const auto target = snapshot.holds_full_path() ? staging : fetched;
    if (auto restored = run_restic(services, repository, restic_args::restore(snapshot.restic_id, target.string())); !restored)
        return std::unexpected(restored.error());
    if (fetched.filename() != snapshot.snapshot || !is_directory_quietly(fetched))
        return fail(ErrorKind::failed, object, "the remote snapshot " + snapshot.short_id + " does not hold it");
    SnapshotStore store(fetched.parent_path());
    auto entry = store.find(snapshot.snapshot);
    if (!entry) return std::unexpected(entry.error());
    if (!entry->manifest) return fail(ErrorKind::failed, object, "fetched, but its manifest is unreadable: " + entry->manifest_error);
    return entry;
}

// The host name the instance had, only when its URL used it.
std::optional<std::string> recorded_hostname(const InstanceRecord& recorded) {
    if (recorded.external_url == external_url_for(recorded.hostname, recorded.ports.http)) return recorded.hostname;
    return std::nullopt;
}

// The instance the restore is to make, as its pre hooks see it: its number is reserved only by
// the commission under --as (0 until then).
InstanceRecord coming_instance(const RemoteSnapshot& snapshot, const RemoteRestoreOptions& options) {
    InstanceRecord coming;
    coming.name = options.as_name.value_or(snapshot.name);
    coming.number = options.as_name ? 0 : snapshot.instance;
    if (coming.number != 0) coming.container = container_name_for(coming.number, coming.name);
    return coming;
}

// Everything after the choice, between the restore hooks: fetch, verifying copy, commission.
Result<RemoteRestoreOutcome> restore_chosen(Services& services, const RemoteRestoreOptions& options,
                                            const ResticRepository& repository, const RemoteSnapshot& snapshot) {
    auto staging = StagingDirectory::create(services.layout, snapshot.snapshot);
    if (!staging) return std::unexpected(staging.error());
    auto entry = fetch(services, repository, snapshot, staging->path());
    if (!entry) return std::unexpected(entry.error());
    const SnapshotManifest manifest = *entry->manifest;
    const std::string object = "backup " + manifest.id;
    auto checksums = read_recorded_checksums(entry->directory, manifest.checksums_sha256);
    if (!checksums)
        return fail(ErrorKind::failed, object, "fetched but damaged, restore refused: " + checksums.error().message());
    if (auto image = check_restore_image(services, manifest); !image) return std::unexpected(image.error());
    // The volumes are copied from the fetched snapshot, each file checked against its list as
    // it is copied (one read), before anything changes on the root: a damaged snapshot is
    // refused with no number reserved, so an older one can still be restored under it.
    auto staged = StagingDirectory::create(services.layout, snapshot.snapshot + "-volumes");
    if (!staged) return std::unexpected(staged.error());
    const auto staged_volumes = staged->path() / "mapping-volumes";
    if (auto space = check_restore_space(staged->path(), manifest, object); !space) return std::unexpected(space.error());
    auto copied = copy_verified_snapshot(services, local_file_operations(), *entry, *checksums, staged_volumes, object);
    if (!copied) return std::unexpected(copied.error());
    // Every file was checked on the way: the kept snapshot says so, as `verify` would.
    const Verification verified{
        .ok = true, .checked_at = rfc3339_utc(services.clock.now()), .files_checked = copied->files + copied->hard_links};
    if (auto noted = SnapshotStore(entry->directory.parent_path()).record_verification(manifest.id, verified); !noted)
        services.reporter.warn(noted.error().message());

    const InstanceRecord& recorded = manifest.instance;
    CommissionOptions commission_options;
    commission_options.name = options.as_name.value_or(recorded.name);
    if (!options.as_name) commission_options.number = recorded.number;
    commission_options.ip = options.ip.value_or(recorded.ip);
    commission_options.image = manifest.image_reference;
    commission_options.ports = recorded.ports;
    if (!options.as_name) commission_options.hostname = recorded_hostname(recorded);
    // Backed up as it was on the lost VM, not on this root's default schedule.
    if (!recorded.schedule.cron.empty()) {
        commission_options.schedule = recorded.schedule.cron;
        commission_options.schedule_remote = recorded.schedule.remote;
    }
    commission_options.operation = "restore --from-remote";
    commission_options.fill_volumes = [&](const InstanceRecord& record) -> Result<void> {
        const auto kept = services.layout.backups(record.number) / manifest.id;
        if (::rename(entry->directory.c_str(), kept.c_str()) != 0)
            return fail(ErrorKind::failed, record.label(), "cannot keep the fetched backup as " + kept.string() + ": " + std::strerror(errno));
        const auto volumes = services.layout.instance_directory(record.number) / "mapping-volumes";
        if (auto cleared = clear_new_volumes(volumes); !cleared) return cleared;
        if (::rename(staged_volumes.c_str(), volumes.c_str()) != 0)
            return fail(ErrorKind::failed, record.label(), "cannot move the restored volumes to " + volumes.string() + ": " + std::strerror(errno));
        return {};
    };
    if (manifest.strategy == "app")
        commission_options.after_ready = [&](const InstanceRecord& record) { return run_app_restore(services, record, manifest); };
    auto record = commission(services, commission_options);
    if (!record) return std::unexpected(record.error());

    auto stored = services.inventory.modify(record->number, [&](InstanceRecord& stored_record) { stored_record.last_backup = manifest.id; });
    if (stored) record = *stored;
    services.reporter.info(record->label() + ": restored from backup " + manifest.id + " of " + repository.object());
    services.reporter.record({{"operation", "restore --from-remote"},
                              {"instance", record->number},
                              {"backup", manifest.id},
                              {"restic_snapshot", snapshot.short_id},
                              {"outcome", "ok"}});
    return RemoteRestoreOutcome{*record, manifest.id, snapshot.short_id};
}

}  // namespace

Result<RemoteRestoreOutcome> restore_from_remote(Services& services, const RemoteRestoreOptions& options) {
    if (options.ip && !is_ipv4_address(*options.ip))
        return fail(ErrorKind::usage, "address '" + *options.ip + "'", "not an IPv4 address");
    auto repository = open_remote(services, options.location, nullptr);
    if (!repository) return std::unexpected(repository.error());
    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());
    auto snapshot = choose_snapshot(services, *repository, options);
    if (!snapshot) return std::unexpected(snapshot.error());
    if (auto free = check_identity_free(services, *snapshot, options); !free) return std::unexpected(free.error());
    // Nothing has changed yet: a failing pre hook leaves the root as it was.
    return with_hooks(
        services, "restore --from-remote", HookEvent::pre_restore, HookEvent::post_restore,
        coming_instance(*snapshot, options), snapshot->snapshot,
        [&] { return restore_chosen(services, options, *repository, *snapshot); },
        [](const RemoteRestoreOutcome& done) { return done.backup_id; });
}

Result<SnapshotEntry> fetch_remote_snapshot(Services& services, const ResticRepository& repository,
                                            const RemoteSnapshot& snapshot, const std::filesystem::path& staging) {
    auto entry = fetch(services, repository, snapshot, staging);
    if (!entry) return entry;
    const std::string object = "backup " + snapshot.snapshot;
    SnapshotStore store(entry->directory.parent_path());
    services.reporter.progress(object + ": verifying against its manifest");
    auto verification = verify_snapshot(services, store, *entry);
    if (!verification) return std::unexpected(verification.error());
    if (!verification->ok)
        return fail(ErrorKind::failed, object, "fetched but damaged: " + verification->problems.front());
    return entry;
}

}  // namespace girofle
