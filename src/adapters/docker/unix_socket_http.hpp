// HTTP/1.1 to a server listening on a Unix socket (the Docker engine), over one libcurl handle
// reused for every request so that the connection stays open between them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace girofle {

struct HttpRequest {
    std::string method = "GET";  // GET, POST or DELETE
    std::string target;          // path and query, e.g. /v1.41/containers/json?all=1
    // Sent as application/json. Never logged or quoted in an error: container env holds secrets.
    std::optional<std::string> json_body;
    std::chrono::milliseconds timeout{60'000};  // the whole exchange; zero: unbounded
    // Abort when nothing arrives for this long; for long streams (a pull) instead of `timeout`.
    std::chrono::seconds idle_timeout{0};
};

struct HttpResponse {
    long status = 0;
    std::string content_type;
    std::string body;
    // The Api-Version header: the engine's newest API version, sent with every answer
    // (Docker Engine API, "Versioning"); empty when absent.
    std::string api_version;
};

// Not thread-safe: one instance per thread, like the libcurl handle it owns.
class UnixSocketHttp {
public:
    UnixSocketHttp(std::string socket_path, std::chrono::milliseconds connect_timeout);
    ~UnixSocketHttp();
    UnixSocketHttp(const UnixSocketHttp&) = delete;
    UnixSocketHttp& operator=(const UnixSocketHttp&) = delete;

    // Any HTTP status is a response; an Error means no answer came back (socket missing or
    // refused, permission, timeout, connection lost).
    Result<HttpResponse> send(const HttpRequest& request);

    const std::string& socket_path() const { return socket_path_; }

private:
    std::string socket_path_;
    std::chrono::milliseconds connect_timeout_;
    void* curl_ = nullptr;  // CURL*, kept out of this header
};

}  // namespace girofle
