#include "adapters/docker/unix_socket_http.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

#include "adapters/docker/docker_errors.hpp"

namespace girofle {
namespace {

// The host part is required by the URL syntax and sent as the Host header; the socket decides
// where the request goes.
constexpr const char* kUrlBase = "http://localhost";

size_t append_to_string(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

struct HeaderListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

UnixSocketHttp::UnixSocketHttp(std::string socket_path, std::chrono::milliseconds connect_timeout)
    : socket_path_(std::move(socket_path)), connect_timeout_(connect_timeout) {
    // curl_global_init is not thread-safe; doing it once here spares every caller the chore.
    static std::once_flag curl_initialised;
    std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
}

UnixSocketHttp::~UnixSocketHttp() {
    if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> UnixSocketHttp::send(const HttpRequest& request) {
    const std::string what = request.method + " " + request.target;
    CURL* curl = static_cast<CURL*>(curl_);
    if (curl == nullptr)
        return fail(ErrorKind::failed, "docker", "cannot initialise libcurl for " + what);

    // Reset drops the previous request's options but keeps the open connection.
    curl_easy_reset(curl);
    HttpResponse response;
    char curl_error[CURL_ERROR_SIZE] = "";
    const std::string url = kUrlBase + request.target;
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_path_.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe with threads
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    if (request.idle_timeout.count() > 0) {
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(request.idle_timeout.count()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);

    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    // Without this curl waits for a "100 Continue" the engine never sends on larger bodies.
    headers = curl_slist_append(headers, "Expect:");
    std::unique_ptr<curl_slist, HeaderListDeleter> header_list(headers);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
    // curl reads POSTFIELDS during perform, not here: the body must outlive this block.
    static const std::string kEmptyBody;
    const std::string& body = request.json_body ? *request.json_body : kEmptyBody;
    if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    } else if (request.method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    const CURLcode code = curl_easy_perform(curl);
    // Copy curl's text now: the buffer is reused by the next request.
    const std::string curl_text = curl_error[0] != '\0' ? curl_error : curl_easy_strerror(code);
    if (code != CURLE_OK) {
        spdlog::debug("docker: {} failed: {}", what, curl_text);
        if (code == CURLE_COULDNT_CONNECT) {
            long os_errno = 0;
            curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
            return std::unexpected(docker_api::engine_unreachable(
                socket_path_, static_cast<int>(os_errno), curl_easy_strerror(code)));
        }
        if (code == CURLE_OPERATION_TIMEDOUT) {
            const bool idle = request.timeout.count() == 0 && request.idle_timeout.count() > 0;
            return std::unexpected(docker_api::engine_timeout(
                socket_path_, what,
                idle ? std::chrono::milliseconds(request.idle_timeout) : request.timeout, idle));
        }
        return std::unexpected(docker_api::engine_connection_lost(socket_path_, what, curl_text));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    const char* content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type != nullptr) response.content_type = content_type;
    curl_header* api_version = nullptr;
    if (curl_easy_header(curl, "Api-Version", 0, CURLH_HEADER, -1, &api_version) == CURLHE_OK)
        response.api_version = api_version->value;
    spdlog::debug("docker: {} -> {}", what, response.status);
    return response;
}

}  // namespace girofle
