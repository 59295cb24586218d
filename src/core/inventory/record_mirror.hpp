// Every record this host's inventory stores is also written into the instance's own
// directory (ROOT/noeud-gitlab-N/instance.json), so that a lost inventory can be rebuilt
// even for decommissioned instances, whose containers and labels are gone (DESIGN.md §2).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "core/inventory.hpp"
#include "core/inventory/inventory_administration.hpp"
#include "core/reporter.hpp"
#include "core/root_layout.hpp"

namespace girofle {

inline constexpr const char* kInstanceRecordFile = "instance.json";

std::filesystem::path instance_record_path(const RootLayout& layout, std::uint64_t number);

// The record kept in the instance's directory; nullopt when there is none. Errors: failed
// (unreadable or not a record), naming the file.
Result<std::optional<InstanceRecord>> read_instance_record(const RootLayout& layout,
                                                           std::uint64_t number);

// Writes `record` to its directory's instance.json (atomically, 0640) when that directory
// exists: a reservation comes before its directory, and the write after it catches up. A
// file that already holds exactly this record is left alone.
Result<void> write_instance_record(const RootLayout& layout, const InstanceRecord& record);

// An Inventory that forwards every call to `inner` and, after each successful write of a
// record on this host (reserve, modify), mirrors it into the instance's directory.
// The inventory stays the authority: a failed mirror write is a warning, never a failure of
// the operation whose inventory write has already been committed.
class MirroredInventory final : public Inventory, public InventoryAdministration {
  public:
    MirroredInventory(std::unique_ptr<Inventory> inner, RootLayout layout, Reporter& reporter)
        : inner_(std::move(inner)), layout_(std::move(layout)), reporter_(reporter) {}

    Result<Reserved> reserve(const Reservation& reservation, const std::string& operation) override;
    Result<InstanceRecord> modify(std::uint64_t number,
                                  const std::function<void(InstanceRecord&)>& change) override;
    Result<void> remove(std::uint64_t number) override;
    Result<std::vector<InstanceRecord>> list() override { return inner_->list(); }
    Result<std::unique_ptr<OperationLock>> lock(std::uint64_t number,
                                                const std::string& operation) override {
        return inner_->lock(number, operation);
    }
    std::string location() const override { return inner_->location(); }
    Result<std::vector<InstanceRecord>> list_fleet() override { return inner_->list_fleet(); }
    std::string host_id() const override { return inner_->host_id(); }

    // Forwarded to the inner backend's administration (usage error when it has none).
    // import() writes no copies: its caller knows which directories hold ones to keep.
    Result<void> import(const std::vector<InstanceRecord>& records,
                        std::uint64_t next_number) override;
    Result<std::vector<InventoryMember>> members() override;
    Result<std::filesystem::path> set_aside() override;

  private:
    InventoryAdministration* administration() const;
    void mirror(const InstanceRecord& record);

    std::unique_ptr<Inventory> inner_;
    RootLayout layout_;
    Reporter& reporter_;
};

}  // namespace girofle
