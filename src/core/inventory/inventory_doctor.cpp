#include "core/inventory/inventory_doctor.hpp"

#include "core/inventory/inventory_administration.hpp"

namespace girofle {

std::vector<Finding> inventory_findings(Inventory& inventory) {
    std::vector<Finding> findings;
    auto records = inventory.list();
    if (records)
        findings.push_back({"inventory", Verdict::ok,
                            inventory.location() + " answers (" + std::to_string(records->size()) +
                                " record(s) on this host)", ""});
    else
        findings.push_back({"inventory", Verdict::problem, records.error().message(), ""});
    if (inventory.host_id().empty()) return findings;
    findings.push_back({"host id", Verdict::ok, inventory.host_id() + " (ROOT/host-id; keep it with the root)", ""});
    auto* administration = dynamic_cast<InventoryAdministration*>(&inventory);
    if (!administration) return findings;
    auto members = administration->members();
    if (!members) {
        findings.push_back({"etcd cluster", Verdict::problem, members.error().message(), ""});
        return findings;
    }
    for (const auto& member : *members)
        findings.push_back({"etcd member " + member.name, member.healthy ? Verdict::ok : Verdict::problem,
                            member.detail, ""});
    return findings;
}

}  // namespace girofle
