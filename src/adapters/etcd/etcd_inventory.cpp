#include "adapters/etcd/etcd_inventory.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "core/inventory/reservation_rules.hpp"

namespace girofle {
namespace {

using nlohmann::json;

// Enough for 16 hosts reserving at once; each retry re-reads, so it only repeats on real races.
constexpr int kMaxAttempts = 64;
// etcd refuses transactions of more than 128 operations by default (--max-txn-ops).
constexpr std::size_t kImportBatch = 24;

json compare_created_at(const std::string& key, std::int64_t revision) {
    return {{"key", base64_encode(key)}, {"target", "CREATE"}, {"result", "EQUAL"},
            {"create_revision", std::to_string(revision)}};
}
json compare_absent(const std::string& key) { return compare_created_at(key, 0); }
json compare_modified_at(const std::string& key, std::int64_t revision) {
    return {{"key", base64_encode(key)}, {"target", "MOD"}, {"result", "EQUAL"},
            {"mod_revision", std::to_string(revision)}};
}
json put(const std::string& key, const std::string& value, std::int64_t lease = 0) {
    json request = {{"key", base64_encode(key)}, {"value", base64_encode(value)}};
    if (lease != 0) request["lease"] = std::to_string(lease);
    return {{"request_put", request}};
}
json erase(const std::string& key) { return {{"request_delete_range", {{"key", base64_encode(key)}}}}; }

// A short random pause so that racing hosts do not collide again in lockstep.
void back_off(int attempt) {
    thread_local std::minstd_rand random(static_cast<unsigned>(::getpid()));
    std::uniform_int_distribution<int> spread(1, 5 + 5 * std::min(attempt, 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(spread(random)));
}

std::optional<std::uint64_t> parse_number(const std::string& text) {
    try {
        std::size_t used = 0;
        auto value = std::stoull(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    return {};
}

}  // namespace

struct EtcdInventory::Fleet {
    std::vector<InstanceRecord> records;                     // by number
    std::map<std::uint64_t, std::int64_t> record_revisions;  // mod revision of each record
    std::optional<EtcdKeyValue> counter;
    std::set<std::string> claims;                            // names/..., addresses/... keys
};

EtcdInventory::EtcdInventory(EtcdInventorySettings settings)
    : settings_(std::move(settings)), prefix_("/girofle/" + settings_.fleet + "/"),
      gateway_(settings_.connection) {}

std::string EtcdInventory::instance_key(std::uint64_t number) const {
    return key("instances/" + std::to_string(number));
}
std::string EtcdInventory::name_key(const std::string& name) const { return key("names/" + name); }
std::string EtcdInventory::address_key(const std::string& host_id, const std::string& address) const {
    return key("addresses/" + host_id + "/" + address);
}
std::string EtcdInventory::lock_key(std::uint64_t number) const {
    return key("locks/" + std::to_string(number));
}

std::vector<std::string> EtcdInventory::claims_of(const InstanceRecord& record) const {
    if (!record.holds_address()) return {};
    std::vector<std::string> claims;
    if (!record.name.empty()) claims.push_back(name_key(record.name));
    if (!record.ip.empty()) claims.push_back(address_key(record.host_id, record.ip));
    return claims;
}

std::string EtcdInventory::holder_note(const std::string& operation) const {
    return operation + " (pid " + std::to_string(::getpid()) + " on host " + settings_.host_id + ")";
}

Error EtcdInventory::etcd_error(const Error& error) const {
    return Error{error.kind, "inventory " + settings_.location, error.message()};
}

Result<EtcdInventory::Fleet> EtcdInventory::read_fleet() {
    auto range = gateway_.range_prefix(prefix_);
    if (!range) return std::unexpected(etcd_error(range.error()));
    Fleet fleet;
    for (auto& kv : range->kvs) {
        const std::string suffix = kv.key.substr(prefix_.size());
        if (suffix.starts_with("instances/")) {
            auto record = record_from_json(json::parse(kv.value, nullptr, false));
            if (!record) return std::unexpected(record.error().about("inventory " + settings_.location));
            fleet.record_revisions[record->number] = kv.mod_revision;
            fleet.records.push_back(std::move(*record));
        } else if (suffix == "counter") {
            fleet.counter = kv;
        } else if (suffix.starts_with("names/") || suffix.starts_with("addresses/")) {
            fleet.claims.insert(kv.key);
        } else if (!suffix.starts_with("locks/")) {
            return fail(ErrorKind::usage, "inventory " + settings_.location,
                        "the etcd prefix " + prefix_ + " holds keys Girofle did not write (" + kv.key +
                            "); choose another fleet name");
        }
    }
    std::sort(fleet.records.begin(), fleet.records.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    return fleet;
}

Result<json> EtcdInventory::transact(const json& compares, const json& success) {
    auto answer = gateway_.call("/v3/kv/txn", {{"compare", compares}, {"success", success}});
    if (!answer) return std::unexpected(etcd_error(answer.error()));
    return answer;
}

std::optional<std::int64_t> EtcdInventory::fencing_token(std::uint64_t number) const {
    std::lock_guard guard(*tokens_mutex_);
    auto found = tokens_->find(number);
    if (found == tokens_->end()) return {};
    return found->second;
}

std::unique_ptr<OperationLock> EtcdInventory::make_lock(HeldLease lease) {
    {
        std::lock_guard guard(*tokens_mutex_);
        (*tokens_)[lease.number] = lease.token;
    }
    auto tokens = tokens_;
    auto mutex = tokens_mutex_;
    return std::make_unique<EtcdLeaseLock>(settings_.connection, lease, [tokens, mutex, lease] {
        std::lock_guard guard(*mutex);
        auto found = tokens->find(lease.number);
        if (found != tokens->end() && found->second == lease.token) tokens->erase(found);
    });
}

Result<Reserved> EtcdInventory::reserve(const Reservation& reservation, const std::string& operation) {
    auto lease = grant_lease(gateway_, settings_.lease_ttl);
    if (!lease) return std::unexpected(etcd_error(lease.error()));
    auto give_up = [&](Error error) -> Result<Reserved> {
        revoke_lease(gateway_, *lease);
        return std::unexpected(std::move(error));
    };
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto fleet = read_fleet();
        if (!fleet) return give_up(fleet.error());
        const std::uint64_t stored_next =
            fleet->counter ? parse_number(fleet->counter->value).value_or(1) : 1;
        auto choice = choose_reservation(
            {.records = fleet->records, .stored_next_number = stored_next, .host_id = settings_.host_id},
            reservation);
        if (!choice) return give_up(choice.error());

        InstanceRecord record = reservation.make_record(choice->number, choice->address);
        record.number = choice->number;
        record.ip = choice->address;
        record.host_id = settings_.host_id;
        const auto claims = claims_of(record);
        for (const auto& claim : claims)
            if (fleet->claims.contains(claim))
                return give_up(Error{ErrorKind::failed, "inventory " + settings_.location,
                                     "the claim " + claim + " has no record holding it (run girofle inventory check)"});

        json compares = json::array({compare_absent(instance_key(record.number)),
                                     compare_absent(lock_key(record.number))});
        compares.push_back(fleet->counter ? compare_modified_at(fleet->counter->key, fleet->counter->mod_revision)
                                          : compare_absent(key("counter")));
        json success = json::array({put(instance_key(record.number), to_json(record).dump()),
                                    put(key("counter"), std::to_string(choice->next_number)),
                                    put(lock_key(record.number), holder_note(operation), *lease)});
        for (const auto& claim : claims) {
            compares.push_back(compare_absent(claim));
            success.push_back(put(claim, std::to_string(record.number)));
        }
        auto answer = transact(compares, success);
        if (!answer) return give_up(answer.error());
        std::int64_t token = 0;
        if (answer->value("succeeded", false)) {
            token = int64_field(answer->value("header", json::object()), "revision");
        } else {
            auto ours = created_under_lease(lock_key(record.number), *lease);
            if (!ours) return give_up(ours.error());
            token = ours->value_or(0);
        }
        if (token != 0) {
            auto lock = make_lock({.lease_id = *lease, .ttl = settings_.lease_ttl, .token = token,
                                   .number = record.number});
            return Reserved{std::move(record), std::move(lock)};
        }
        back_off(attempt);  // another host changed the fleet since we read it
    }
    return give_up(Error{ErrorKind::busy, "inventory " + settings_.location,
                         "every reservation attempt lost a race with another host; try again"});
}

Result<std::optional<std::int64_t>> EtcdInventory::created_under_lease(const std::string& lock, std::int64_t lease) {
    auto held = gateway_.get(lock);
    if (!held) return std::unexpected(etcd_error(held.error()));
    if (*held && (*held)->lease == lease) return std::optional<std::int64_t>{(*held)->create_revision};
    return std::optional<std::int64_t>{};
}

Result<void> EtcdInventory::explain_lost_lock(std::uint64_t number) {
    auto token = fencing_token(number);
    if (!token) return {};
    auto held = gateway_.get(lock_key(number));
    if (!held) return std::unexpected(etcd_error(held.error()));
    if (*held && (*held)->create_revision == *token) return {};
    return fail(ErrorKind::failed, "instance " + std::to_string(number),
                "lost its operation lock (its etcd lease expired); nothing was written");
}

Result<InstanceRecord> EtcdInventory::modify(std::uint64_t number,
                                             const std::function<void(InstanceRecord&)>& change) {
    const std::string record_key = instance_key(number);
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto stored = gateway_.get(record_key);
        if (!stored) return std::unexpected(etcd_error(stored.error()));
        if (!*stored)
            return fail(ErrorKind::not_found, "instance " + std::to_string(number), "not in the inventory");
        auto before = record_from_json(json::parse((*stored)->value, nullptr, false));
        if (!before) return std::unexpected(before.error().about("inventory " + settings_.location));
        InstanceRecord after = *before;
        change(after);
        after.number = number;
        after.host_id = before->host_id;  // an instance moves host only by a restore (new record)
        const auto old_claims = claims_of(*before), new_claims = claims_of(after);

        json compares = json::array({compare_modified_at(record_key, (*stored)->mod_revision)});
        if (auto token = fencing_token(number)) compares.push_back(compare_created_at(lock_key(number), *token));
        json success = json::array({put(record_key, to_json(after).dump())});
        std::vector<std::string> added;
        for (const auto& claim : old_claims)
            if (std::find(new_claims.begin(), new_claims.end(), claim) == new_claims.end())
                success.push_back(erase(claim));
        for (const auto& claim : new_claims)
            if (std::find(old_claims.begin(), old_claims.end(), claim) == old_claims.end()) {
                compares.push_back(compare_absent(claim));
                success.push_back(put(claim, std::to_string(number)));
                added.push_back(claim);
            }
        auto answer = transact(compares, success);
        if (!answer) return std::unexpected(answer.error());
        if (answer->value("succeeded", false)) return after;

        if (auto held = explain_lost_lock(number); !held) return std::unexpected(held.error());
        for (const auto& claim : added) {
            auto holder = gateway_.get(claim);
            if (!holder) return std::unexpected(etcd_error(holder.error()));
            // Held by this instance: our own change, applied by a member that died before answering.
            if (*holder && (*holder)->value != std::to_string(number))
                return fail(ErrorKind::conflict, "instance " + std::to_string(number),
                            claim.substr(prefix_.size()) + " is held by instance " + (*holder)->value);
        }
        back_off(attempt);
    }
    return fail(ErrorKind::busy, "instance " + std::to_string(number),
                "its record kept changing under us; try again");
}

Result<void> EtcdInventory::remove(std::uint64_t number) {
    const std::string record_key = instance_key(number);
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto stored = gateway_.get(record_key);
        if (!stored) return std::unexpected(etcd_error(stored.error()));
        if (!*stored) return {};
        auto record = record_from_json(json::parse((*stored)->value, nullptr, false));
        if (!record) return std::unexpected(record.error().about("inventory " + settings_.location));
        json compares = json::array({compare_modified_at(record_key, (*stored)->mod_revision)});
        if (auto token = fencing_token(number)) compares.push_back(compare_created_at(lock_key(number), *token));
        json success = json::array({erase(record_key)});
        for (const auto& claim : claims_of(*record)) success.push_back(erase(claim));
        auto answer = transact(compares, success);
        if (!answer) return std::unexpected(answer.error());
        if (answer->value("succeeded", false)) return {};
        if (auto held = explain_lost_lock(number); !held) return std::unexpected(held.error());
        back_off(attempt);
    }
    return fail(ErrorKind::busy, "instance " + std::to_string(number), "its record kept changing; try again");
}

Result<std::vector<InstanceRecord>> EtcdInventory::list_fleet() {
    auto fleet = read_fleet();
    if (!fleet) return std::unexpected(fleet.error());
    return std::move(fleet->records);
}

Result<std::vector<InstanceRecord>> EtcdInventory::list() {
    auto all = list_fleet();
    if (!all) return all;
    return records_on_host(*all, settings_.host_id);
}

Result<std::unique_ptr<OperationLock>> EtcdInventory::lock(std::uint64_t number,
                                                           const std::string& operation) {
    auto lease = grant_lease(gateway_, settings_.lease_ttl);
    if (!lease) return std::unexpected(etcd_error(lease.error()));
    const std::string held_key = lock_key(number);
    auto answer = gateway_.call("/v3/kv/txn",
                                {{"compare", json::array({compare_absent(held_key)})},
                                 {"success", json::array({put(held_key, holder_note(operation), *lease)})},
                                 {"failure", json::array({{{"request_range", {{"key", base64_encode(held_key)}}}}})}});
    if (!answer) {
        revoke_lease(gateway_, *lease);
        return std::unexpected(etcd_error(answer.error()));
    }
    if (answer->value("succeeded", false)) {
        const auto token = int64_field(answer->value("header", json::object()), "revision");
        return make_lock({.lease_id = *lease, .ttl = settings_.lease_ttl, .token = token, .number = number});
    }
    std::string holder = "another operation";
    for (const auto& response : answer->value("responses", json::array()))
        if (auto kvs = key_values_from(response.value("response_range", json::object())); !kvs.empty()) {
            // Our own put, applied by a member that died before answering (see reserve).
            if (kvs.front().lease == *lease)
                return make_lock({.lease_id = *lease, .ttl = settings_.lease_ttl,
                                  .token = kvs.front().create_revision, .number = number});
            holder = kvs.front().value;
        }
    revoke_lease(gateway_, *lease);
    return fail(ErrorKind::busy, "instance " + std::to_string(number),
                "busy: " + holder + " is in progress; try again later");
}

Result<void> EtcdInventory::import(const std::vector<InstanceRecord>& records, std::uint64_t next_number) {
    auto fleet = read_fleet();
    if (!fleet) return std::unexpected(fleet.error());
    if (!fleet->records.empty() || fleet->counter)
        return fail(ErrorKind::conflict, "inventory " + settings_.location,
                    "already holds " + std::to_string(fleet->records.size()) +
                        " records; refusing to overwrite them");
    // The counter first, create-only: a second import running at once stops here.
    auto counted = transact(json::array({compare_absent(key("counter"))}),
                            json::array({put(key("counter"), std::to_string(next_number))}));
    if (!counted) return std::unexpected(counted.error());
    if (!counted->value("succeeded", false))
        return fail(ErrorKind::conflict, "inventory " + settings_.location, "another import is running");
    for (std::size_t begin = 0; begin < records.size(); begin += kImportBatch) {
        json compares = json::array(), success = json::array();
        for (std::size_t i = begin; i < std::min(records.size(), begin + kImportBatch); ++i) {
            InstanceRecord record = records[i];
            record.host_id = settings_.host_id;  // migrated from this host's inventory
            compares.push_back(compare_absent(instance_key(record.number)));
            success.push_back(put(instance_key(record.number), to_json(record).dump()));
            for (const auto& claim : claims_of(record)) {
                compares.push_back(compare_absent(claim));
                success.push_back(put(claim, std::to_string(record.number)));
            }
        }
        auto answer = transact(compares, success);
        if (!answer) return std::unexpected(answer.error());
        if (!answer->value("succeeded", false))
            return fail(ErrorKind::conflict, "inventory " + settings_.location,
                        "a record or claim appeared while importing (two instances share a name or an address?)");
    }
    return {};
}

Result<std::vector<InventoryMember>> EtcdInventory::members() {
    auto members = gateway_.call("/v3/cluster/member/list", json::object());
    if (!members) return std::unexpected(etcd_error(members.error()));
    std::vector<InventoryMember> lines;
    for (const auto& member : members->value("members", json::array())) {
        const std::string name = member.value("name", "?");
        std::string url;
        for (const auto& client : member.value("clientURLs", json::array())) url = client.get<std::string>();
        EtcdConnection single = settings_.connection;
        single.endpoints = {url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3)};
        single.timeout = std::chrono::milliseconds(2000);
        EtcdGateway member_gateway(single);
        auto status = member_gateway.call("/v3/maintenance/status", json::object());
        if (!status) {
            lines.push_back({name, false, url + ": no answer (" + status.error().cause + ")"});
            continue;
        }
        // Member ids are uint64 and may not fit an int64: compared as the strings they are.
        const bool leads = status->value("leader", "") ==
                           status->value("header", json::object()).value("member_id", "-");
        lines.push_back({name, true, url + ": healthy, etcd " + status->value("version", "?") +
                                         (leads ? ", leader" : "")});
    }
    return lines;
}

}  // namespace girofle
