// Where the inventory lives, as the user writes it (DESIGN §7): `lmdb:PATH` (the embedded
// default, ROOT/inventory) or `etcd://HOST:PORT[,HOST:PORT...]/FLEET` (a fleet of hosts
// sharing one inventory under the etcd key prefix /girofle/FLEET/).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct InventoryLocation {
    enum class Backend { lmdb, etcd };
    Backend backend = Backend::lmdb;
    std::string lmdb_path;               // lmdb: the environment's directory
    std::vector<std::string> endpoints;  // etcd: "HOST:PORT", in the order given
    std::string fleet;                   // etcd: the fleet's name, one key-path segment

    // "lmdb:/girofle/inventory", "etcd://127.0.0.1:2379,127.0.0.1:2381/prod"
    std::string url() const;
};

// Errors: usage naming the URL and the cause (unknown scheme, no endpoint, a port that is
// not 1..65535, a fleet name other than letters, digits, '-', '_' and '.', a relative or
// empty LMDB path).
Result<InventoryLocation> parse_inventory_location(std::string_view url);

}  // namespace girofle

namespace girofle {

// How Girofle authenticates to etcd (girofle.json "etcd"): paths only, never a secret.
struct EtcdCredentials {
    std::string ca_file;        // PEM CA bundle; setting it or cert_file turns TLS on
    std::string cert_file;      // client certificate and its key (PEM)
    std::string key_file;
    std::string user;           // etcd user, with its password in password_file (mode 0600)
    std::string password_file;
    int lease_seconds = 10;     // how long an operation lock outlives an unreachable etcd
};

// Reads girofle.json's "etcd" object. Errors: usage naming `object` (unknown key, wrong type,
// a user without a password file, a lease under 2 s).
Result<EtcdCredentials> etcd_credentials_from_json(const nlohmann::json& json, const std::string& object);

}  // namespace girofle
