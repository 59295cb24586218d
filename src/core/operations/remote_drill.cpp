#include "core/operations/remote_drill.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/backup/snapshot_store.hpp"
#include "core/clock.hpp"
#include "core/drill/remote_drill_history.hpp"
#include "core/interruption.hpp"
#include "core/operations/restore.hpp"
#include "core/remote/location.hpp"
#include "core/remote/restore_from_remote.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

// The checks that say the snapshot came back from the remote whole, or the one that says why not.
// Errors: a fetch stopped by something other than the remote's content (an interruption, a
// busy or unreachable remote): that is no verdict on the offsite copy.
Result<std::optional<SnapshotEntry>> fetch_into(Services& services, const ResticRepository& repository,
                                                const RemoteSnapshot& snapshot, const std::filesystem::path& staging,
                                                DrillReport& report) {
    auto fetched = fetch_remote_snapshot(services, repository, snapshot, staging);
    if (!fetched) {
        if (fetched.error().kind != ErrorKind::failed || interrupted()) return std::unexpected(fetched.error());
        report.checks.push_back({"fetched and verified", false, fetched.error().message()});
        return std::optional<SnapshotEntry>();
    }
    report.checks.push_back({"fetched", true, "restic snapshot " + snapshot.short_id + " of " + repository.object()});
    // The fetch verified it and left its verification beside it.
    auto verified = SnapshotStore(fetched->directory.parent_path()).find(fetched->id);
    const auto files = verified && verified->verification ? verified->verification->files_checked : 0;
    report.checks.push_back({"checksums", true, std::to_string(files) + " files as recorded"});
    return std::optional(std::move(*fetched));
}

}  // namespace

Result<RemoteSnapshot> choose_remote_snapshot(Services& services, const ResticRepository& repository,
                                              const InstanceRecord& record, const std::optional<std::string>& backup_id) {
    auto snapshots = list_remote(services, repository, std::to_string(record.number));
    if (!snapshots) return std::unexpected(snapshots.error());
    // Another root pushing to the same repository may have an instance of the same number.
    std::erase_if(*snapshots, [&](const RemoteSnapshot& snapshot) {
        return !snapshot.name.empty() && !record.name.empty() && snapshot.name != record.name;
    });
    if (backup_id) {
        for (const auto& snapshot : *snapshots)
            if (snapshot_matches(snapshot, *backup_id)) return snapshot;
        return fail(ErrorKind::usage, "backup " + *backup_id,
                    "not in " + repository.object() + " for " + record.label() + " (see girofle remote list)");
    }
    if (snapshots->empty())
        return fail(ErrorKind::usage, repository.object(), "holds no snapshot of " + record.label());
    return snapshots->back();
}

Result<DrillOutcome> drill_from_remote_locked(Services& services, const InstanceRecord& record,
                                              const DrillOptions& options) {
    const std::string object = record.label();
    auto repository = open_remote(services, options.from_remote.value_or(""), &record);
    if (!repository) return std::unexpected(repository.error());
    // Before a fetch that may take long: a drill needs the engine.
    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());
    auto snapshot = choose_remote_snapshot(services, *repository, record, options.backup_id);
    if (!snapshot) return std::unexpected(snapshot.error());

    DrillReport report{snapshot->snapshot, rfc3339_utc(services.clock.now()), 0, {}};
    const auto started = services.clock.monotonic();
    const auto staging =
        services.layout.instance_directory(record.number) / (std::string(kDrillScratchPrefix) + "remote-" + snapshot->snapshot);
    {
        // Whatever happens below, the fetched copy goes.
        UndoStack cleanup;
        if (::mkdir(staging.c_str(), 0700) != 0)
            return fail(ErrorKind::failed, staging.string(), std::string("cannot create: ") + std::strerror(errno));
        cleanup.push([&] {
            std::error_code ignored;
            std::filesystem::remove_all(staging, ignored);
        });
        auto fetched = fetch_into(services, *repository, *snapshot, staging, report);
        if (!fetched) return std::unexpected(fetched.error());
        if (*fetched) {
            const SnapshotManifest& manifest = *(*fetched)->manifest;
            // As a local drill's copy has them: app snapshots hold no log to mount.
            for (const char* kind : RootLayout::kVolumeKinds) {
                std::error_code ignored;
                std::filesystem::create_directories((*fetched)->directory / kind, ignored);
            }
            if (auto image = check_restore_image(services, manifest); !image) return std::unexpected(image.error());
            if (auto checked = drill_scratch_copy(services, record, manifest, (*fetched)->directory, report); !checked)
                return std::unexpected(checked.error());
        }
    }
    report.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(services.clock.monotonic() - started).count();
    const std::string remote = redacted_location(repository->location);
    if (auto written = record_remote_drill(services.layout.backups(record.number), {remote, snapshot->short_id, report});
        !written)
        return std::unexpected(written.error().about(object));
    services.reporter.record({{"operation", "drill --from-remote"},
                              {"instance", record.number},
                              {"backup", report.backup_id},
                              {"remote", remote},
                              {"restic_snapshot", snapshot->short_id},
                              {"duration_ms", report.duration_ms},
                              {"checks", report.checks.size()},
                              {"outcome", report.passed() ? "ok" : "failed"},
                              {"error", report.first_failure()}});
    return DrillOutcome{record, report, remote, snapshot->short_id};
}

}  // namespace girofle
