#include "core/inventory/migration.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/gitlab_container.hpp"
#include "core/inventory/inventory_administration.hpp"

namespace girofle {

Result<std::size_t> migrate_inventory(Inventory& from, Inventory& to, const RootLayout& layout) {
    auto records = from.list();
    if (!records) return std::unexpected(records.error());
    std::uint64_t next = layout.highest_instance_directory() + 1;
    for (const auto& record : *records) next = std::max(next, record.number + 1);
    auto* administration = dynamic_cast<InventoryAdministration*>(&to);
    if (!administration) return fail(ErrorKind::usage, to.location(), "cannot receive a migration");
    if (auto imported = administration->import(*records, next); !imported) return std::unexpected(imported.error());
    return records->size();
}

Result<std::vector<std::string>> check_inventory(Services& services) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto containers = services.docker.list_containers(
        {std::string(labels::kRoot) + "=" + services.layout.root().string()}, true);
    if (!containers) return std::unexpected(containers.error());
    std::map<std::string, const ContainerInfo*> by_name;
    for (const auto& container : *containers) by_name[container.name] = &container;

    std::vector<std::string> problems;
    std::set<std::uint64_t> known;
    for (const auto& record : *records) {
        known.insert(record.number);
        const bool has_container = by_name.contains(record.container);
        if (record.state == InstanceState::active && !has_container)
            problems.push_back(record.label() + ": active in the inventory, but its container is missing");
        if (record.state == InstanceState::decommissioned && has_container)
            problems.push_back(record.label() + ": decommissioned in the inventory, but its container exists");
        std::error_code missing;
        if (!std::filesystem::is_directory(services.layout.instance_directory(record.number), missing))
            problems.push_back(record.label() + ": its directory " +
                               services.layout.instance_directory(record.number).string() + " is missing");
    }
    for (const auto& container : *containers) {
        auto number = number_from_instance_name(container.name);
        if (!number || !known.contains(*number))
            problems.push_back("container " + container.name + ": carries this root's labels but is not in the inventory");
    }
    std::error_code listing_error;
    for (const auto& entry : std::filesystem::directory_iterator(services.layout.root(), listing_error)) {
        auto number = number_from_instance_name(entry.path().filename().string());
        if (number && entry.is_directory() && entry.path().filename() == instance_base_name(*number) &&
            !known.contains(*number))
            problems.push_back("directory " + entry.path().string() + ": an instance the inventory does not know");
    }
    return problems;
}

}  // namespace girofle
