#include "core/inventory/record_mirror.hpp"

#include "core/file_io.hpp"

namespace girofle {

std::filesystem::path instance_record_path(const RootLayout& layout, std::uint64_t number) {
    return layout.instance_directory(number) / kInstanceRecordFile;
}

Result<std::optional<InstanceRecord>> read_instance_record(const RootLayout& layout,
                                                           std::uint64_t number) {
    const auto path = instance_record_path(layout, number);
    if (!exists_quietly(path)) return std::optional<InstanceRecord>{};
    auto text = read_text_file(path);
    if (!text) return std::unexpected(text.error());
    auto record = record_from_json(nlohmann::json::parse(*text, nullptr, false));
    if (!record) return std::unexpected(record.error().about(path.string()));
    if (record->number != number)
        return fail(ErrorKind::failed, path.string(),
                    "holds the record of instance " + std::to_string(record->number));
    return std::optional<InstanceRecord>(std::move(*record));
}

Result<void> write_instance_record(const RootLayout& layout, const InstanceRecord& record) {
    if (!is_directory_quietly(layout.instance_directory(record.number))) return {};
    const auto path = instance_record_path(layout, record.number);
    const std::string content = to_json(record).dump(2) + "\n";
    // A rebuild rewrites every record as it already is: no synced write for those.
    if (auto current = read_text_file(path); current && *current == content) return {};
    return write_file_atomically(path, content, 0640);
}

void MirroredInventory::mirror(const InstanceRecord& record) {
    // Another host's record describes a directory on that host, not under this root.
    if (!record.host_id.empty() && record.host_id != inner_->host_id()) return;
    if (auto written = write_instance_record(layout_, record); !written)
        reporter_.warn(record.label() +
                       ": the copy of its record in its directory was not updated (" +
                       written.error().message() + "); `inventory rebuild` would miss the change");
}

Result<Reserved> MirroredInventory::reserve(const Reservation& reservation,
                                            const std::string& operation) {
    auto reserved = inner_->reserve(reservation, operation);
    if (reserved) mirror(reserved->record);
    return reserved;
}

Result<InstanceRecord> MirroredInventory::modify(
    std::uint64_t number, const std::function<void(InstanceRecord&)>& change) {
    auto modified = inner_->modify(number, change);
    if (modified) mirror(*modified);
    return modified;
}

Result<void> MirroredInventory::remove(std::uint64_t number) {
    auto removed = inner_->remove(number);
    if (removed) {
        // The reservation is undone: its directory, if it stays, is no instance any more.
        std::error_code ignored;
        std::filesystem::remove(instance_record_path(layout_, number), ignored);
    }
    return removed;
}

InventoryAdministration* MirroredInventory::administration() const {
    return dynamic_cast<InventoryAdministration*>(inner_.get());
}

Result<void> MirroredInventory::import(const std::vector<InstanceRecord>& records,
                                       std::uint64_t next_number) {
    auto* inner = administration();
    if (!inner) return fail(ErrorKind::usage, location(), "cannot receive records");
    return inner->import(records, next_number);
}

Result<std::vector<InventoryMember>> MirroredInventory::members() {
    auto* inner = administration();
    if (!inner) return std::vector<InventoryMember>{};
    return inner->members();
}

Result<std::filesystem::path> MirroredInventory::set_aside() {
    auto* inner = administration();
    if (!inner) return fail(ErrorKind::usage, location(), "cannot be set aside");
    return inner->set_aside();
}

}  // namespace girofle
