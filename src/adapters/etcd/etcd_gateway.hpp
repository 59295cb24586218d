// etcd 3.4's v3 JSON gateway (POST /v3/...) over libcurl: no C++ etcd client is packaged, and
// the gateway needs no gRPC. Keys and values travel base64-encoded, int64 fields as decimal
// strings, and fields equal to zero are omitted in answers (an absent `succeeded` is false).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

// How to reach and authenticate to the cluster. TLS is used when any certificate file is set.
struct EtcdConnection {
    std::vector<std::string> endpoints;     // "HOST:PORT", tried in order until one answers
    std::filesystem::path ca_file;          // PEM bundle that signed the members' certificates
    std::filesystem::path cert_file;        // client certificate (PEM), with key_file
    std::filesystem::path key_file;
    std::string user;                       // etcd user when the cluster has auth enabled
    std::filesystem::path password_file;    // its password: mode 0600 or stricter, one line
    std::chrono::milliseconds timeout{5000};  // per request, connection included

    bool tls() const { return !ca_file.empty() || !cert_file.empty(); }
};

// One key as a range or txn answer gives it.
struct EtcdKeyValue {
    std::string key;
    std::string value;
    std::int64_t create_revision = 0;
    std::int64_t mod_revision = 0;
    std::int64_t lease = 0;
};

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// "1234" or 1234 (the gateway writes int64 as strings); 0 when absent.
std::int64_t int64_field(const nlohmann::json& object, const char* name);
std::vector<EtcdKeyValue> key_values_from(const nlohmann::json& range_answer);
// The smallest key greater than every key starting with `prefix` (etcd's range_end).
std::string prefix_end(std::string prefix);

class EtcdGateway {
public:
    explicit EtcdGateway(EtcdConnection connection);
    ~EtcdGateway();
    EtcdGateway(const EtcdGateway&) = delete;
    EtcdGateway& operator=(const EtcdGateway&) = delete;

    // POSTs `body` to PATH ("/v3/kv/range") on the first endpoint that answers, and returns
    // the JSON answer. Errors: unavailable (no endpoint answers), permission (authentication
    // refused: wrong user, password or certificate), failed (etcd refused the request).
    // Each error's object is "etcd ENDPOINTS"; the password never appears in one.
    Result<nlohmann::json> call(const std::string& path, const nlohmann::json& body);

    // Every key under `prefix`, and the store's revision when read.
    struct Range {
        std::vector<EtcdKeyValue> kvs;
        std::int64_t revision = 0;
    };
    Result<Range> range_prefix(const std::string& prefix);
    Result<std::optional<EtcdKeyValue>> get(const std::string& key);

    const EtcdConnection& connection() const { return connection_; }
    std::string object() const;  // "etcd 127.0.0.1:2379,127.0.0.1:2381"

private:
    Result<nlohmann::json> post(const std::string& endpoint, const std::string& path,
                                const std::string& body, bool& unreachable);
    Result<void> authenticate(const std::string& endpoint, bool& unreachable);

    EtcdConnection connection_;
    void* curl_ = nullptr;  // CURL*, kept for connection reuse
    std::string token_;     // auth token, when the cluster has auth enabled
    std::size_t preferred_ = 0;  // the endpoint that answered last
};

}  // namespace girofle
