#include "core/operations/list_backups.hpp"

namespace girofle {

Result<BackupListing> list_backups(Services& services, const std::string& instance) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto record = find_instance(*records, instance);
    if (!record) return std::unexpected(record.error());
    SnapshotStore store(services.layout.backups(record->number));
    auto snapshots = store.list();
    if (!snapshots) return std::unexpected(snapshots.error());
    auto added = store.added_bytes(*snapshots);
    if (!added) return std::unexpected(added.error());
    return BackupListing{*record, std::move(*snapshots), std::move(*added),
                         read_remote_drills(services.layout.backups(record->number))};
}

}  // namespace girofle
