#include "adapters/etcd/etcd_gateway.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>

namespace girofle {
namespace {

size_t append_body(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

// Failures where another member may answer: nothing listening, a member cut off from the
// quorum that lets the request time out, a connection dropped before the answer (nothing
// came) or during it (a body shorter than its headers promised: CURLE_PARTIAL_FILE).
bool member_unreachable(CURLcode code) {
    return code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT ||
           code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_RECV_ERROR ||
           code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE;
}

// etcd's own words for a refused identity (the gateway answers them with gRPC codes 3 or 16).
bool authentication_refused(const std::string& message) {
    for (const char* marker : {"authentication failed", "user name is empty", "invalid auth token",
                               "permission denied", "auth token"})
        if (message.find(marker) != std::string::npos) return true;
    return false;
}

// A member without a leader answers, but cannot serve: let another one try.
bool member_cannot_serve(const std::string& message) {
    for (const char* marker : {"no leader", "request timed out", "leader changed", "not capable",
                               "too many requests"})
        if (message.find(marker) != std::string::npos) return true;
    return false;
}

Result<std::string> read_password(const std::filesystem::path& file) {
    const std::string object = "etcd password file " + file.string();
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return fail(ErrorKind::usage, object, "cannot be read");
    if ((info.st_mode & 077) != 0)
        return fail(ErrorKind::permission, object,
                    "readable by other users: it must be mode 0600 (chmod 600 " + file.string() + ")");
    std::ifstream in(file);
    std::string password;
    if (!in || !std::getline(in, password)) return fail(ErrorKind::usage, object, "cannot be read");
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return {};
    std::string out(3 * text.size() / 4, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(text.data()),
                                        static_cast<int>(text.size()));
    if (written < 0) return {};
    // EVP_DecodeBlock counts the padding as zero bytes.
    std::size_t length = static_cast<std::size_t>(written);
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --length;
    out.resize(length);
    return out;
}

std::int64_t int64_field(const nlohmann::json& object, const char* name) {
    auto found = object.find(name);
    if (found == object.end()) return 0;
    if (found->is_number_integer()) return found->get<std::int64_t>();
    if (found->is_string()) {
        try {
            return std::stoll(found->get<std::string>());
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}

std::vector<EtcdKeyValue> key_values_from(const nlohmann::json& range_answer) {
    std::vector<EtcdKeyValue> kvs;
    auto found = range_answer.find("kvs");
    if (found == range_answer.end() || !found->is_array()) return kvs;
    for (const auto& item : *found) {
        EtcdKeyValue kv;
        kv.key = base64_decode(item.value("key", "")).value_or("");
        kv.value = base64_decode(item.value("value", "")).value_or("");
        kv.create_revision = int64_field(item, "create_revision");
        kv.mod_revision = int64_field(item, "mod_revision");
        kv.lease = int64_field(item, "lease");
        kvs.push_back(std::move(kv));
    }
    return kvs;
}

std::string prefix_end(std::string prefix) {
    while (!prefix.empty()) {
        auto& last = reinterpret_cast<unsigned char&>(prefix.back());
        if (last < 0xff) {
            ++last;
            return prefix;
        }
        prefix.pop_back();
    }
    return std::string(1, '\0');  // every key
}

EtcdGateway::EtcdGateway(EtcdConnection connection) : connection_(std::move(connection)) {
    curl_ = curl_easy_init();
}

EtcdGateway::~EtcdGateway() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string EtcdGateway::object() const {
    std::string joined;
    for (const auto& endpoint : connection_.endpoints) joined += (joined.empty() ? "" : ",") + endpoint;
    return "etcd " + joined;
}

Result<nlohmann::json> EtcdGateway::post(const std::string& endpoint, const std::string& path,
                                         const std::string& body, bool& unreachable) {
    unreachable = false;
    CURL* curl = static_cast<CURL*>(curl_);
    if (!curl) return fail(ErrorKind::failed, object(), "cannot initialise libcurl");
    curl_easy_reset(curl);
    const std::string url = (connection_.tls() ? "https://" : "http://") + endpoint + path;
    std::string answer;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    if (!token_.empty()) headers = curl_slist_append(headers, ("Authorization: " + token_).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(connection_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // the keepalive thread uses its own handle
    curl_easy_setopt(curl, CURLOPT_PROXY, "");     // never send the inventory through a proxy
    if (!connection_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, connection_.ca_file.c_str());
    if (!connection_.cert_file.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, connection_.cert_file.c_str());
    if (!connection_.key_file.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, connection_.key_file.c_str());
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    const std::string where = object() + " (" + endpoint + ")";
    if (code != CURLE_OK) {
        unreachable = member_unreachable(code);
        const ErrorKind kind = unreachable ? ErrorKind::unavailable
                               : (code == CURLE_SSL_CERTPROBLEM || code == CURLE_PEER_FAILED_VERIFICATION ||
                                  code == CURLE_SSL_CACERT_BADFILE)
                                   ? ErrorKind::permission
                                   : ErrorKind::failed;
        return fail(kind, where, std::string("no answer: ") + curl_easy_strerror(code));
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    auto json = nlohmann::json::parse(answer, nullptr, false);
    if (status != 200 || json.is_discarded() || json.contains("error")) {
        std::string message = json.is_object() ? json.value("message", json.value("error", "")) : "";
        if (message.empty()) message = "HTTP status " + std::to_string(status);
        if (authentication_refused(message))
            return fail(ErrorKind::permission, where, "refused our credentials: " + message);
        unreachable = member_cannot_serve(message) || status == 503;
        return fail(unreachable ? ErrorKind::unavailable : ErrorKind::failed, where, message);
    }
    return json;
}

Result<void> EtcdGateway::authenticate(const std::string& endpoint, bool& unreachable) {
    auto password = read_password(connection_.password_file);
    if (!password) return std::unexpected(password.error());
    token_.clear();
    const std::string body = nlohmann::json{{"name", connection_.user}, {"password", *password}}.dump();
    auto answer = post(endpoint, "/v3/auth/authenticate", body, unreachable);
    if (!answer) return std::unexpected(answer.error());
    token_ = answer->value("token", "");
    if (token_.empty()) return fail(ErrorKind::permission, object(), "gave no authentication token");
    return {};
}

Result<nlohmann::json> EtcdGateway::call(const std::string& path, const nlohmann::json& body) {
    const std::string text = body.dump();
    const std::size_t count = connection_.endpoints.size();
    std::optional<Error> last;
    for (std::size_t attempt = 0; attempt < count; ++attempt) {
        const std::size_t index = (preferred_ + attempt) % count;
        const std::string& endpoint = connection_.endpoints[index];
        bool unreachable = false;
        if (!connection_.user.empty() && token_.empty()) {
            if (auto authenticated = authenticate(endpoint, unreachable); !authenticated) {
                if (unreachable) {
                    last = authenticated.error();
                    continue;
                }
                return std::unexpected(authenticated.error());
            }
        }
        auto answer = post(endpoint, path, text, unreachable);
        // A token expires (or belongs to a restarted member): authenticate once more.
        if (!answer && answer.error().kind == ErrorKind::permission && !connection_.user.empty() &&
            answer.error().cause.find("invalid auth token") != std::string::npos) {
            if (auto authenticated = authenticate(endpoint, unreachable); !authenticated)
                return std::unexpected(authenticated.error());
            answer = post(endpoint, path, text, unreachable);
        }
        if (answer) {
            preferred_ = index;
            return answer;
        }
        if (!unreachable) return std::unexpected(answer.error());
        last = answer.error();
    }
    // A TLS server that rejects our certificate (or its absence) just drops the connection,
    // which looks like a member gone: say so rather than blame the quorum alone.
    const std::string tls_hint =
        connection_.tls() ? "; over TLS, a rejected client certificate looks the same: check etcd's cert_file and key_file"
                          : "";
    return fail(ErrorKind::unavailable, object(),
                "no member answers (quorum lost or etcd stopped" + tls_hint + "): " +
                    (last ? last->cause : "no endpoint"));
}

Result<EtcdGateway::Range> EtcdGateway::range_prefix(const std::string& prefix) {
    auto answer = call("/v3/kv/range", {{"key", base64_encode(prefix)},
                                        {"range_end", base64_encode(prefix_end(prefix))}});
    if (!answer) return std::unexpected(answer.error());
    Range range;
    range.kvs = key_values_from(*answer);
    range.revision = int64_field(answer->value("header", nlohmann::json::object()), "revision");
    return range;
}

Result<std::optional<EtcdKeyValue>> EtcdGateway::get(const std::string& key) {
    auto answer = call("/v3/kv/range", {{"key", base64_encode(key)}});
    if (!answer) return std::unexpected(answer.error());
    auto kvs = key_values_from(*answer);
    if (kvs.empty()) return std::optional<EtcdKeyValue>{};
    return std::optional<EtcdKeyValue>{kvs.front()};
}

}  // namespace girofle
