#include "core/inventory/rebuild.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "core/backup/snapshot_store.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/inventory/inventory_administration.hpp"
#include "core/inventory/record_mirror.hpp"

namespace girofle {
namespace {

// What the host shows about one instance number.
struct Evidence {
    bool directory = false;
    std::optional<InstanceRecord> directory_record;  // its instance.json
    bool directory_record_unreadable = false;
    std::optional<InstanceRecord> manifest_record;  // its newest snapshot's, if no instance.json
    std::string manifest_id;
    const ContainerInfo* container = nullptr;
};

std::string label_of(const ContainerInfo& container, const char* key) {
    auto found = container.labels.find(key);
    return found == container.labels.end() ? std::string{} : found->second;
}

std::optional<std::uint64_t> number_of(const ContainerInfo& container) {
    const std::string text = label_of(container, labels::kInstance);
    std::uint64_t number = 0;
    auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
    if (!text.empty() && parsed.ec == std::errc() && parsed.ptr == text.data() + text.size() &&
        number > 0)
        return number;
    return number_from_instance_name(container.name);
}

int published_port(const ContainerInfo& container, int container_port) {
    for (const auto& binding : container.ports)
        if (binding.container_port == container_port && binding.host_port > 0)
            return binding.host_port;
    return container_port;
}

// "http://git.example:8080" -> "git.example": the host name a labelled container answers to.
std::string host_of_url(const std::string& url) {
    auto begin = url.find("://");
    begin = begin == std::string::npos ? 0 : begin + 3;
    auto end = url.find_first_of(":/", begin);
    return url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

InstanceRecord record_from_labels(std::uint64_t number, const ContainerInfo& container) {
    InstanceRecord record;
    record.number = number;
    record.name = label_of(container, labels::kName);
    record.container = container.name;
    record.ip = label_of(container, labels::kAddress);
    record.external_url = label_of(container, labels::kExternalUrl);
    record.hostname = host_of_url(record.external_url);
    record.image = container.image;
    record.container_id = container.id;
    record.ports = {.http = published_port(container, 80),
                    .https = published_port(container, 443),
                    .ssh = published_port(container, 22)};
    record.state = InstanceState::active;
    return record;
}

std::string describe(const InstanceRecord& record) {
    std::string text =
        "name '" + record.name + "', address " + (record.ip.empty() ? "none" : record.ip);
    return text;
}

// One record from the evidence, the most complete source first: instance.json (written with
// every inventory change), else the newest snapshot's manifest, else the container's labels.
// A container that exists overrides what the files say about name, address and state: it is
// what runs and what holds the address.
RebuiltInstance reconcile(std::uint64_t number, const Evidence& evidence, const RootLayout& layout,
                          std::vector<std::string>& inconsistencies) {
    const std::string object = "instance " + std::to_string(number);
    const std::string directory = layout.instance_directory(number).string();
    RebuiltInstance rebuilt;
    InstanceRecord& record = rebuilt.record;
    std::string source;
    if (evidence.directory_record) {
        record = *evidence.directory_record;
        source = kInstanceRecordFile;
    } else if (evidence.manifest_record) {
        record = *evidence.manifest_record;
        record.last_backup = evidence.manifest_id;
        source = "snapshot " + evidence.manifest_id + "'s manifest";
    } else if (evidence.container) {
        record = record_from_labels(number, *evidence.container);
        source = "labels";
    } else {
        record.number = number;
        record.container = instance_base_name(number);
        record.state = InstanceState::decommissioned;
        source = "directory";
        inconsistencies.push_back(
            object + ": only its directory " + directory +
            " remains (no readable instance.json, no snapshot, no container): recorded as "
            "decommissioned, without a name or an address");
    }
    record.number = number;
    record.directory = directory;
    rebuilt.evidence = source;
    rebuilt.unreadable_copy = evidence.directory_record_unreadable;

    if (const ContainerInfo* container = evidence.container) {
        if (source != "labels") {
            rebuilt.evidence += ", container " + container->name;
            InstanceRecord labelled = record_from_labels(number, *container);
            if (labelled.name != record.name || labelled.ip != record.ip)
                inconsistencies.push_back(object + ": its container " + container->name + " says " +
                                          describe(labelled) + ", its " + source + " says " +
                                          describe(record) +
                                          "; the container's are kept (it is what runs)");
            record.name = labelled.name;
            record.ip = labelled.ip;
            record.container = labelled.container;
            record.container_id = labelled.container_id;
            record.image = labelled.image;
            if (!labelled.external_url.empty()) record.external_url = labelled.external_url;
        } else {
            rebuilt.evidence = "container " + container->name;
        }
        if (record.state == InstanceState::decommissioned) {
            inconsistencies.push_back(object + ": its " + source +
                                      " says decommissioned, but its container " + container->name +
                                      " exists; recorded as active");
            record.decommissioned_at.clear();
        }
        // An interrupted commission stays one: commission's own cleanup finishes or undoes it.
        if (record.state != InstanceState::commissioning) record.state = InstanceState::active;
        if (!evidence.directory)
            inconsistencies.push_back(object + ": its container " + container->name +
                                      " exists, but its directory " + directory + " is missing");
    } else if (source == kInstanceRecordFile && record.state == InstanceState::active) {
        inconsistencies.push_back(object + ": active in its " + source + ", but its container " +
                                  record.container + " is missing; kept active (`girofle restore " +
                                  std::to_string(number) + "` brings it back)");
    } else if (source != kInstanceRecordFile && record.state != InstanceState::decommissioned) {
        // A manifest is written while the instance runs; no container now means it was ended.
        record.state = InstanceState::decommissioned;
        record.container_id.clear();
        rebuilt.evidence += ", no container: decommissioned";
    }
    return rebuilt;
}

// Two instances holding one name or one address cannot both be right.
void report_clashes(const std::vector<RebuiltInstance>& instances,
                    std::vector<std::string>& inconsistencies) {
    std::map<std::string, std::uint64_t> names, addresses;
    for (const auto& instance : instances) {
        const InstanceRecord& record = instance.record;
        if (!record.holds_address()) continue;
        if (!record.name.empty() && !names.emplace(record.name, record.number).second)
            inconsistencies.push_back(record.label() + ": its name '" + record.name +
                                      "' is also instance " + std::to_string(names[record.name]) +
                                      "'s");
        if (!record.ip.empty() && !addresses.emplace(record.ip, record.number).second)
            inconsistencies.push_back(record.label() + ": its address " + record.ip +
                                      " is also instance " + std::to_string(addresses[record.ip]) +
                                      "'s");
    }
}

}  // namespace

Result<RebuildOutcome> plan_rebuild(Services& services) {
    const RootLayout& layout = services.layout;
    auto containers = services.docker.list_containers(
        {std::string(labels::kRoot) + "=" + layout.root().string()}, true);
    if (!containers) return std::unexpected(containers.error());

    RebuildOutcome outcome;
    std::map<std::uint64_t, Evidence> evidence;
    for (const auto& container : *containers) {
        auto number = number_of(container);
        if (!number) {
            outcome.inconsistencies.push_back(
                "container " + container.name +
                ": carries this root's labels but no instance number; left out");
            continue;
        }
        Evidence& found = evidence[*number];
        if (found.container) {
            outcome.inconsistencies.push_back(
                "container " + container.name + ": claims instance " + std::to_string(*number) +
                ", as " + found.container->name + " does; only the latter is kept");
            continue;
        }
        found.container = &container;
    }
    std::error_code listing_error;
    for (const auto& entry : std::filesystem::directory_iterator(layout.root(), listing_error)) {
        const std::string name = entry.path().filename().string();
        auto number = number_from_instance_name(name);
        std::error_code type_error;
        if (number && name == instance_base_name(*number) && entry.is_directory(type_error))
            evidence[*number].directory = true;
    }
    if (listing_error)
        return fail(kind_of_errno(listing_error.value()), layout.root().string(),
                    "cannot list it: " + listing_error.message());

    for (auto& [number, found] : evidence) {
        if (!found.directory) continue;
        auto stored = read_instance_record(layout, number);
        if (!stored) {
            found.directory_record_unreadable = true;
            outcome.inconsistencies.push_back(
                "instance " + std::to_string(number) + ": " + stored.error().message() +
                "; rebuilt from its other traces, the file left as it is");
        } else if (*stored)
            found.directory_record = **stored;
        if (found.directory_record) continue;
        auto snapshots = SnapshotStore(layout.backups(number)).list();
        if (!snapshots) continue;  // no snapshot directory: nothing to learn there
        for (auto it = snapshots->rbegin(); it != snapshots->rend(); ++it) {
            if (!it->manifest) continue;
            found.manifest_record = it->manifest->instance;
            found.manifest_id = it->id;
            break;
        }
    }

    outcome.next_number = layout.highest_instance_directory() + 1;
    for (const auto& [number, found] : evidence) {
        outcome.instances.push_back(reconcile(number, found, layout, outcome.inconsistencies));
        outcome.next_number = std::max(outcome.next_number, number + 1);
    }
    report_clashes(outcome.instances, outcome.inconsistencies);
    return outcome;
}

Result<RebuildOutcome> rebuild_inventory(Services& services, const RebuildOptions& options) {
    Inventory& inventory = services.inventory;
    auto* administration = dynamic_cast<InventoryAdministration*>(&inventory);
    if (!administration) return fail(ErrorKind::usage, inventory.location(), "cannot be rebuilt");
    const std::string hint = "`girofle inventory rebuild --force` renames it aside and rebuilds";
    auto current = inventory.list();
    if (!current && !options.replace)
        return fail(ErrorKind::failed, inventory.location(),
                    "cannot be read (" + current.error().cause + "); " + hint);
    if (current && !current->empty() && !options.replace)
        return fail(ErrorKind::conflict, inventory.location(),
                    "holds " + std::to_string(current->size()) +
                        " record(s); refusing to overwrite them; " + hint);

    auto outcome = plan_rebuild(services);
    if (!outcome) return std::unexpected(outcome.error());
    // Numbers the old inventory handed out stay used, even those that left no trace.
    if (current)
        for (const auto& record : *current)
            outcome->next_number = std::max(outcome->next_number, record.number + 1);

    if (!current || !current->empty()) {
        auto aside = administration->set_aside();
        if (!aside) return std::unexpected(current ? aside.error() : current.error());
        outcome->set_aside = *aside;
    }
    std::vector<InstanceRecord> records;
    for (const auto& instance : outcome->instances) records.push_back(instance.record);
    if (auto imported = administration->import(records, outcome->next_number); !imported)
        return std::unexpected(imported.error());
    // Each directory's copy follows the rebuilt record (a running container may have
    // corrected it), except a damaged one, which stays for the operator to read.
    for (const auto& instance : outcome->instances)
        if (!instance.unreadable_copy)
            if (auto written = write_instance_record(services.layout, instance.record); !written)
                services.reporter.warn(
                    instance.record.label() +
                    ": its directory's copy was not updated: " + written.error().message());
    return outcome;
}

}  // namespace girofle
