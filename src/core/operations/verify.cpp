#include "core/operations/verify.hpp"

#include "core/backup/checksums.hpp"
#include "core/file_io.hpp"

namespace girofle {
namespace {

Verification check(const SnapshotEntry& entry, InodeHashCache& cache) {
    Verification result;
    if (!entry.manifest) {
        result.problems.push_back("manifest.json: " + entry.manifest_error);
        return result;
    }
    auto text = read_text_file(entry.directory / kChecksumsFile);
    if (!text) {
        result.problems.push_back(std::string(kChecksumsFile) + ": missing");
        return result;
    }
    if (sha256_hex(*text) != entry.manifest->checksums_sha256) {
        result.problems.push_back(std::string(kChecksumsFile) + ": altered since the backup was taken");
        return result;
    }
    auto expected = parse_checksums(*text);
    if (!expected) {
        result.problems.push_back(expected.error().message());
        return result;
    }
    auto report = verify_snapshot_files(entry.directory, *expected, cache);
    if (!report) {
        result.problems.push_back(report.error().message());
        return result;
    }
    result.files_checked = report->files_checked;
    result.problems = std::move(report->problems);
    result.ok = result.problems.empty();
    return result;
}

}  // namespace

Result<Verification> verify_snapshot(Services& services, const SnapshotStore& store, const SnapshotEntry& entry) {
    InodeHashCache cache;
    Verification result = check(entry, cache);
    result.checked_at = rfc3339_utc(services.clock.now());
    if (auto recorded = store.record_verification(entry.id, result); !recorded)
        services.reporter.warn(recorded.error().message());
    return result;
}

Result<std::vector<SnapshotVerification>> verify_backups(Services& services, const std::string& instance,
                                                         const std::optional<std::string>& backup_id) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto record = find_instance(*records, instance);
    if (!record) return std::unexpected(record.error());
    auto lock = services.inventory.lock(record->number, "verify");
    if (!lock) return std::unexpected(lock.error());
    SnapshotStore store(services.layout.backups(record->number));
    std::vector<SnapshotEntry> entries;
    if (backup_id) {
        auto entry = store.find(*backup_id);
        if (!entry) return std::unexpected(entry.error());
        entries.push_back(*entry);
    } else {
        auto all = store.list();
        if (!all) return std::unexpected(all.error());
        entries = std::move(*all);
        if (entries.empty()) return fail(ErrorKind::usage, record->label(), "has no backups to verify");
    }
    // One cache for the run: a file hard-linked into several snapshots is read once.
    InodeHashCache cache;
    std::vector<SnapshotVerification> results;
    for (const auto& entry : entries) {
        services.reporter.progress(record->label() + ": verifying backup " + entry.id);
        Verification result = check(entry, cache);
        result.checked_at = rfc3339_utc(services.clock.now());
        if (auto recorded = store.record_verification(entry.id, result); !recorded)
            services.reporter.warn(recorded.error().message());
        results.push_back({entry.id, std::move(result)});
    }
    services.reporter.record({{"operation", "verify"}, {"instance", record->number},
                              {"backups", results.size()}, {"outcome", "ok"}});
    return results;
}

}  // namespace girofle
