#include "adapters/http/curl_webhook_poster.hpp"

#include <curl/curl.h>

#include <memory>

namespace girofle {
namespace {

std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

ErrorKind kind_of(CURLcode code) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT: return ErrorKind::timeout;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING: return ErrorKind::unavailable;
        default: return ErrorKind::failed;
    }
}

}  // namespace

Result<HttpAnswer> CurlWebhookPoster::post_json(const std::string& url, const std::string& body,
                                                std::chrono::milliseconds timeout) {
    const std::string object = "webhook " + redacted_url(url);
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return fail(ErrorKind::failed, object, "cannot initialise libcurl");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
        curl_slist_append(nullptr, "Content-Type: application/json"), curl_slist_free_all);
    char error_text[CURL_ERROR_SIZE] = "";
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "girofle/" GIROFLE_VERSION);
    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
        // Copied now: the buffer belongs to the handle (DESIGN §8.5).
        std::string why = *error_text ? error_text : curl_easy_strerror(code);
        return fail(kind_of(code), object, why);
    }
    HttpAnswer answer;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

}  // namespace girofle
