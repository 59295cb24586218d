// The embedded inventory: an LMDB environment in ROOT/inventory. LMDB gives one writer at a
// time across processes and crash-safe commits, which is what makes reservations atomic.
#pragma once

#include <lmdb.h>

#include <filesystem>
#include <memory>

#include "core/inventory.hpp"
#include "core/inventory/inventory_administration.hpp"

namespace girofle {

class LmdbInventory final : public Inventory, public InventoryAdministration {
public:
    // Nothing is opened or created until the first call, so that a command refused before
    // it touches the inventory leaves no trace. Writes create the environment.
    explicit LmdbInventory(std::filesystem::path directory) : directory_(std::move(directory)) {}
    ~LmdbInventory() override;
    LmdbInventory(const LmdbInventory&) = delete;
    LmdbInventory& operator=(const LmdbInventory&) = delete;

    Result<Reserved> reserve(const Reservation& reservation, const std::string& operation) override;
    Result<InstanceRecord> modify(std::uint64_t number,
                                  const std::function<void(InstanceRecord&)>& change) override;
    Result<void> remove(std::uint64_t number) override;
    Result<std::vector<InstanceRecord>> list() override;
    Result<std::unique_ptr<OperationLock>> lock(std::uint64_t number,
                                                const std::string& operation) override;
    Result<void> import(const std::vector<InstanceRecord>& records, std::uint64_t next_number) override;
    std::string location() const override { return "lmdb:" + directory_.string(); }
    // Closes the environment and renames its directory to DIR.set-aside-<UTC time>.
    Result<std::filesystem::path> set_aside() override;

private:
    // Opens the environment once; false with no error when it does not exist and !create.
    Result<bool> ensure_open(bool create);
    Error error(int code, const std::string& doing) const;
    Result<std::vector<InstanceRecord>> read_all(MDB_txn* txn) const;
    std::filesystem::path lock_path(std::uint64_t number) const;

    std::filesystem::path directory_;
    MDB_env* env_ = nullptr;
    MDB_dbi instances_ = 0;
    MDB_dbi meta_ = 0;
};

}  // namespace girofle
