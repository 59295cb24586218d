#include "support/answer_dropping_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace girofle::testing {
namespace {

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
}

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent <= 0) return false;
        data += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

}  // namespace

AnswerDroppingRelay::AnswerDroppingRelay(int upstream_port, std::string path, int drops, Cut cut)
    : upstream_port_(upstream_port), request_line_start_("POST " + path + " "), cut_(cut), drops_left_(drops) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("answer-dropping relay: cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

AnswerDroppingRelay::~AnswerDroppingRelay() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    ::close(listener_);
    for (auto& relay : relays_) relay.join();
}

void AnswerDroppingRelay::accept_loop() {
    while (!stopping_) {
        pollfd waiting{listener_, POLLIN, 0};
        if (::poll(&waiting, 1, 100) <= 0) continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        relays_.emplace_back([this, client] { relay(client); });
    }
}

void AnswerDroppingRelay::relay(int client) {
    const int upstream = connect_loopback(upstream_port_);
    // Withholding: a request to drop the answer of went upstream; the first byte of the
    // answer proves the server handled it, and the client then sees its connection close.
    bool withholding = false;
    std::string answer_head;  // of a withheld answer, until its headers end
    char buffer[65536];
    while (upstream >= 0 && !stopping_) {
        pollfd ends[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        if (::poll(ends, 2, 100) <= 0) continue;
        if (ends[0].revents != 0) {
            const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            // A request line starts a packet on loopback (curl sends headers in one write).
            if (std::string_view(buffer, static_cast<std::size_t>(got)).starts_with(request_line_start_) &&
                drops_left_.fetch_sub(1) > 0)
                withholding = true;
            if (!send_all(upstream, buffer, static_cast<std::size_t>(got))) break;
        }
        if (ends[1].revents != 0) {
            const ssize_t got = ::recv(upstream, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            if (withholding) {
                if (cut_ == Cut::mid_body) {
                    answer_head.append(buffer, static_cast<std::size_t>(got));
                    const auto headers_end = answer_head.find("\r\n\r\n");
                    if (headers_end == std::string::npos || answer_head.size() < headers_end + 5) continue;
                    (void)send_all(client, answer_head.data(), headers_end + 5);  // and one byte of body
                }
                ++dropped_;
                break;
            }
            if (!send_all(client, buffer, static_cast<std::size_t>(got))) break;
        }
    }
    if (upstream >= 0) ::close(upstream);
    ::close(client);
}

}  // namespace girofle::testing
