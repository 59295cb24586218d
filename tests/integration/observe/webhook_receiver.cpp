#include "integration/observe/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace girofle::testing {
namespace {

// Reads one request: headers, then Content-Length bytes of body.
std::string read_body(int connection) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos, wanted = 0;
    while (true) {
        pollfd ready{connection, POLLIN, 0};
        if (::poll(&ready, 1, 5000) <= 0) return data;
        ssize_t got = ::read(connection, buffer, sizeof buffer);
        if (got <= 0) return data;
        data.append(buffer, static_cast<std::size_t>(got));
        if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
            std::string headers = data.substr(0, header_end);
            for (auto& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (auto at = headers.find("content-length:"); at != std::string::npos)
                wanted = std::stoul(headers.substr(at + 15));
        }
        if (header_end != std::string::npos && data.size() >= header_end + 4 + wanted)
            return data.substr(header_end + 4, wanted);
    }
}

}  // namespace

WebhookReceiver::WebhookReceiver(Mode mode) : mode_(mode) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the kernel picks a free port
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener_, 16) != 0)
        throw std::runtime_error("webhook receiver: cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
    stopping_ = true;
    thread_.join();
    ::close(listener_);
    for (int connection : held_) ::close(connection);
}

std::string WebhookReceiver::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

std::vector<std::string> WebhookReceiver::bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
}

void WebhookReceiver::serve() {
    while (!stopping_) {
        pollfd ready{listener_, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0) continue;
        int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection >= 0) handle(connection);
    }
}

void WebhookReceiver::handle(int connection) {
    std::string body = read_body(connection);
    {
        std::lock_guard lock(mutex_);
        bodies_.push_back(body);
    }
    if (mode_ == Mode::hang) {
        held_.push_back(connection);
        return;
    }
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if (::write(connection, answer.data(), answer.size()) < 0) {
        // The sender gave up; its request is counted all the same.
    }
    ::close(connection);
}

}  // namespace girofle::testing
