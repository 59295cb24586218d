// An instance as the inventory records it: the mapping number <-> name <-> container <->
// directory <-> address that every operation relies on.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace girofle {

enum class InstanceState {
    commissioning,   // reserved; its container is being created (or its creator died)
    active,          // created and was ready when last commissioned or restored
    decommissioned,  // container removed; data and backups kept; address free
};

struct PublishedPorts {
    int http = 80;
    int https = 443;
    int ssh = 22;

    std::vector<int> all() const { return {http, https, ssh}; }
    bool operator==(const PublishedPorts&) const = default;
};

// When cron backs the instance up. An empty `cron` is a record written before schedules
// existed; "none" is a schedule the operator turned off.
struct BackupSchedule {
    std::string cron;
    bool remote = false;  // push each scheduled snapshot to the remote storage too
    // When cron runs `girofle drill` on the newest snapshot; empty (a record written before
    // drills) or "none": never.
    std::string drill;
    // The scheduled drill fetches the newest snapshot from the instance's remote instead
    // (drill --from-remote): the offsite copy is proved, not only the local one.
    bool drill_remote = false;

    bool enabled() const { return !cron.empty() && cron != "none"; }
    bool drill_enabled() const { return enabled() && !drill.empty() && drill != "none"; }
    bool operator==(const BackupSchedule&) const = default;
};

struct InstanceRecord {
    // Bumped only for incompatible changes; new fields are simply added.
    static constexpr int kSchema = 1;

    std::uint64_t number = 0;
    std::string name;          // optional; empty when the user gave none
    std::string container;     // Docker container name
    std::string directory;     // absolute path of ROOT/noeud-gitlab-N
    std::string ip;            // host address its ports are published on
    PublishedPorts ports;
    std::string image;
    std::string hostname;
    std::string external_url;
    InstanceState state = InstanceState::commissioning;
    std::string container_id;
    std::string created_at;    // RFC 3339, UTC
    std::string updated_at;
    std::string decommissioned_at;
    std::string last_backup;   // snapshot ID of the newest complete local backup
    BackupSchedule schedule;
    // The host it lives on, by its stable id (ROOT/host-id); empty in an embedded (LMDB)
    // inventory, where every record is on this host.
    std::string host_id;
    // Fields written by a newer Girofle, kept as they were so that an older binary
    // never drops them when it rewrites the record.
    nlohmann::json unknown_fields = nlohmann::json::object();

    // Holds its address: anything not decommissioned.
    bool holds_address() const { return state != InstanceState::decommissioned; }
    // "instance 3 (noeud-gitlab-3-wiki)", the object of most messages.
    std::string label() const;
};

nlohmann::json to_json(const InstanceRecord& record);
Result<InstanceRecord> record_from_json(const nlohmann::json& json);

const char* to_string(InstanceState state);
std::optional<InstanceState> instance_state_from(std::string_view text);

// Names become part of a container name and a host name: lowercase letters, digits and
// inner hyphens, starting with a letter, at most 32 characters.
Result<void> validate_instance_name(std::string_view name);

// "noeud-gitlab-3", the directory and the container name before the optional name suffix.
std::string instance_base_name(std::uint64_t number);
std::string container_name_for(std::uint64_t number, std::string_view name);
// The number a base name or container name carries, if it is one of ours.
std::optional<std::uint64_t> number_from_instance_name(std::string_view text);

// http://HOST with ":PORT" when the HTTP port is not 80.
std::string external_url_for(std::string_view host, int http_port);

// The instance holding a name or an address (anything not decommissioned), or null. Used
// both for early, friendly refusals and inside the inventory's atomic reservation.
const InstanceRecord* holder_of_name(const std::vector<InstanceRecord>& records, std::string_view name);
const InstanceRecord* holder_of_address(const std::vector<InstanceRecord>& records,
                                        std::string_view address);
Result<void> check_name_free(const std::vector<InstanceRecord>& records, const std::string& name);

// INSTANCE as the user gives it: a number, a name or a container name. Active instances
// win over decommissioned ones of the same name.
Result<InstanceRecord> find_instance(const std::vector<InstanceRecord>& records,
                                     std::string_view reference);

}  // namespace girofle
