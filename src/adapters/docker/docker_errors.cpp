#include "adapters/docker/docker_errors.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <initializer_list>

#include "adapters/docker/json_fields.hpp"

namespace girofle::docker_api {
namespace {

std::string lowercase(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(), [&](std::string_view needle) {
        return text.find(needle) != std::string_view::npos;
    });
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    return std::string(text);
}

// "127.0.0.9:80", "[::1]:80", "0.0.0.0:80": digits after the last colon, an address before it.
bool looks_like_host_port(std::string_view token) {
    const auto colon = token.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == token.size()) return false;
    const auto port = token.substr(colon + 1);
    const auto host = token.substr(0, colon);
    auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    auto is_address_char = [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == ':' ||
               c == '[' || c == ']';
    };
    return std::all_of(port.begin(), port.end(), is_digit) &&
           std::all_of(host.begin(), host.end(), is_address_char);
}

}  // namespace

Error engine_unreachable(const std::string& socket_path, int os_errno,
                         const std::string& curl_text) {
    // curl describes a Unix socket failure with the URL's placeholder host ("localhost port
    // 80"); the OS error is what tells the user whether the socket is missing or refused.
    const std::string reason =
        os_errno != 0 ? std::string(std::strerror(os_errno)) + " (curl: " + curl_text + ")"
                      : curl_text;
    if (os_errno == EACCES || os_errno == EPERM)
        return Error{ErrorKind::permission, "docker",
                     "permission denied on the Docker engine's socket " + socket_path + ": " +
                         reason + " (run as root or as a member of the docker group)"};
    return Error{ErrorKind::unavailable, "docker",
                 "cannot reach the Docker engine at " + socket_path + ": " + reason +
                     " (is dockerd running?)"};
}

Error engine_timeout(const std::string& socket_path, const std::string& what,
                     std::chrono::milliseconds bound, bool idle) {
    const std::string seconds = std::to_string((bound.count() + 999) / 1000) + " s";
    return Error{ErrorKind::timeout, "docker",
                 "the Docker engine at " + socket_path +
                     (idle ? " sent nothing for " : " did not finish ") +
                     (idle ? seconds + " during " + what : what + " within " + seconds)};
}

Error engine_connection_lost(const std::string& socket_path, const std::string& what,
                             const std::string& curl_text) {
    return Error{ErrorKind::unavailable, "docker",
                 "lost the connection to the Docker engine at " + socket_path + " during " + what +
                     ": " + curl_text};
}

Error engine_answer_unreadable(const std::string& what, const std::string& reason) {
    return Error{ErrorKind::failed, "docker",
                 "unexpected answer from the Docker engine to " + what + ": " + reason};
}

std::string docker_error_message(std::string_view body) {
    const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
        std::string message = string_field(parsed, "message");
        if (!message.empty()) return trimmed(message);
    }
    return trimmed(body);
}

Error api_error(long status, const std::string& docker_message, std::string object) {
    const std::string cause = docker_message.empty()
                                  ? "the engine answered HTTP " + std::to_string(status)
                                  : docker_message;
    ErrorKind kind = ErrorKind::failed;
    if (status == 404) kind = ErrorKind::not_found;
    if (status == 409) kind = ErrorKind::conflict;
    if (status == 401 || status == 403) kind = ErrorKind::permission;
    return Error{kind, std::move(object), cause};
}

Error container_error(long status, std::string_view body, const std::string& id_or_name) {
    const std::string object = "container " + id_or_name;
    if (status == 404) return Error{ErrorKind::not_found, object, "no such container"};
    return api_error(status, docker_error_message(body), object);
}

std::optional<std::string> taken_host_port(std::string_view docker_message) {
    for (std::string_view phrase : {"port is already allocated", "address already in use"}) {
        const auto at = docker_message.find(phrase);
        if (at == std::string_view::npos) continue;
        // Docker names the binding shortly before the phrase: "Bind for ADDR:PORT failed: ..."
        // or "listen tcp4 ADDR:PORT: bind: ...". The last such token before it is the one.
        std::optional<std::string> found;
        std::string_view before = docker_message.substr(0, at);
        while (!before.empty()) {
            const auto space = before.find(' ');
            std::string_view token = before.substr(0, space);
            before.remove_prefix(space == std::string_view::npos ? before.size() : space + 1);
            while (!token.empty() && (token.back() == ':' || token.back() == ','))
                token.remove_suffix(1);
            if (looks_like_host_port(token)) found = std::string(token);
        }
        return found;
    }
    return std::nullopt;
}

Error pull_failure(const std::string& reference, const std::string& docker_message) {
    const std::string text = lowercase(docker_message);
    const std::string object = "image " + reference;
    if (contains_any(text,
                     {"dial tcp", "lookup ", "no such host", "connection refused", "i/o timeout",
                      "tls handshake timeout", "network is unreachable", "client.timeout",
                      "server misbehaving", "temporary failure in name resolution"}))
        return Error{ErrorKind::unavailable, object,
                     "cannot reach its registry: " + docker_message};
    if (contains_any(text, {"not found", "manifest unknown", "pull access denied",
                            "repository does not exist", "no such image"}))
        return Error{ErrorKind::not_found, object, "not found in its registry: " + docker_message};
    return Error{ErrorKind::failed, object, "pull failed: " + docker_message};
}

}  // namespace girofle::docker_api
