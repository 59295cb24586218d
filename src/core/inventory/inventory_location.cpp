#include "core/inventory/inventory_location.hpp"

#include <charconv>
#include <regex>

namespace girofle {
namespace {

constexpr std::string_view kLmdbScheme = "lmdb:";
constexpr std::string_view kEtcdScheme = "etcd://";

Result<std::string> parse_endpoint(std::string_view text, const std::string& object) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail(ErrorKind::usage, object, "endpoint '" + std::string(text) + "' is not HOST:PORT");
    const auto port_text = text.substr(colon + 1);
    int port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
        return fail(ErrorKind::usage, object, "endpoint '" + std::string(text) + "' has no valid port");
    return std::string(text);
}

}  // namespace

std::string InventoryLocation::url() const {
    if (backend == Backend::lmdb) return std::string(kLmdbScheme) + lmdb_path;
    std::string joined;
    for (const auto& endpoint : endpoints) joined += (joined.empty() ? "" : ",") + endpoint;
    return std::string(kEtcdScheme) + joined + "/" + fleet;
}

Result<InventoryLocation> parse_inventory_location(std::string_view url) {
    const std::string object = "inventory '" + std::string(url) + "'";
    InventoryLocation location;
    if (url.starts_with(kLmdbScheme)) {
        location.lmdb_path = std::string(url.substr(kLmdbScheme.size()));
        if (location.lmdb_path.empty() || location.lmdb_path.front() != '/')
            return fail(ErrorKind::usage, object, "an LMDB inventory needs an absolute path (lmdb:/DIR)");
        return location;
    }
    if (!url.starts_with(kEtcdScheme))
        return fail(ErrorKind::usage, object,
                    "unknown scheme: use lmdb:PATH or etcd://HOST:PORT[,HOST:PORT...]/FLEET");
    location.backend = InventoryLocation::Backend::etcd;
    std::string_view rest = url.substr(kEtcdScheme.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return fail(ErrorKind::usage, object, "no fleet name (etcd://HOST:PORT/FLEET)");
    location.fleet = std::string(rest.substr(slash + 1));
    static const std::regex fleet_pattern("[A-Za-z0-9_.-]{1,64}");
    if (!std::regex_match(location.fleet, fleet_pattern) || location.fleet == "." || location.fleet == "..")
        return fail(ErrorKind::usage, object,
                    "fleet name '" + location.fleet + "' is not 1 to 64 letters, digits, '-', '_' or '.'");
    std::string_view hosts = rest.substr(0, slash);
    while (!hosts.empty()) {
        const auto comma = hosts.find(',');
        auto endpoint = parse_endpoint(hosts.substr(0, comma), object);
        if (!endpoint) return std::unexpected(endpoint.error());
        location.endpoints.push_back(*endpoint);
        hosts = comma == std::string_view::npos ? std::string_view{} : hosts.substr(comma + 1);
    }
    if (location.endpoints.empty()) return fail(ErrorKind::usage, object, "no etcd endpoint (etcd://HOST:PORT/FLEET)");
    return location;
}

}  // namespace girofle

namespace girofle {

Result<EtcdCredentials> etcd_credentials_from_json(const nlohmann::json& json, const std::string& object) {
    const std::string where = object + ": etcd";
    if (!json.is_object()) return fail(ErrorKind::usage, where, "must be a JSON object");
    EtcdCredentials credentials;
    try {
        for (const auto& [key, value] : json.items()) {
            if (key == "ca_file") credentials.ca_file = value.get<std::string>();
            else if (key == "cert_file") credentials.cert_file = value.get<std::string>();
            else if (key == "key_file") credentials.key_file = value.get<std::string>();
            else if (key == "user") credentials.user = value.get<std::string>();
            else if (key == "password_file") credentials.password_file = value.get<std::string>();
            else if (key == "lease_seconds") credentials.lease_seconds = value.get<int>();
            else return fail(ErrorKind::usage, where, "unknown setting '" + key + "'");
        }
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::usage, where, std::string("malformed: ") + error.what());
    }
    if (!credentials.user.empty() && credentials.password_file.empty())
        return fail(ErrorKind::usage, where, "a user needs a password_file (a mode 0600 file)");
    if (credentials.cert_file.empty() != credentials.key_file.empty())
        return fail(ErrorKind::usage, where, "cert_file and key_file go together");
    if (credentials.lease_seconds < 2)
        return fail(ErrorKind::usage, where, "lease_seconds must be at least 2");
    return credentials;
}

}  // namespace girofle
