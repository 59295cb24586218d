#include "core/inventory/instance_host.hpp"

namespace girofle {

Result<void> check_on_this_host(const Inventory& inventory, const InstanceRecord& record,
                                std::string_view operation) {
    if (record.host_id.empty() || record.host_id == inventory.host_id()) return {};
    return fail(ErrorKind::failed, record.label(),
                "lives on host " + record.host_id + ", not this one (" + inventory.host_id() +
                    "); run " + std::string(operation) + " on " + record.host_id);
}

Result<InstanceRecord> find_instance_on_this_host(Inventory& inventory,
                                                  const std::vector<InstanceRecord>& records,
                                                  std::string_view reference,
                                                  std::string_view operation) {
    auto found = find_instance(records, reference);
    if (!found && !inventory.host_id().empty()) {
        auto fleet = inventory.list_fleet();
        if (!fleet) return std::unexpected(fleet.error());
        if (auto elsewhere = find_instance(*fleet, reference)) found = std::move(elsewhere);
    }
    if (!found) return found;
    if (auto here = check_on_this_host(inventory, *found, operation); !here)
        return std::unexpected(here.error());
    return found;
}

}  // namespace girofle
