// A TCP relay on 127.0.0.1 in front of one server that passes bytes both ways, except that
// for the first `drops` requests whose HTTP request line names `path` it lets the server
// answer and then closes the client's connection having passed on none of the answer, or
// only its headers and the body's first byte. That plays exactly a server that applied a
// request and died before answering, or while answering: the client sees its connection
// dropped (curl: "empty reply" or "partial file") and cannot tell whether the request took
// effect.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace girofle::testing {

class AnswerDroppingRelay {
public:
    enum class Cut { before_answer, mid_body };

    // Listens on a free loopback port at once; throws std::runtime_error when it cannot.
    AnswerDroppingRelay(int upstream_port, std::string path, int drops, Cut cut = Cut::before_answer);
    ~AnswerDroppingRelay();  // closes every connection and joins every thread
    AnswerDroppingRelay(const AnswerDroppingRelay&) = delete;
    AnswerDroppingRelay& operator=(const AnswerDroppingRelay&) = delete;

    std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
    int dropped() const { return dropped_; }  // answers withheld so far

private:
    void accept_loop();
    void relay(int client);

    int upstream_port_;
    std::string request_line_start_;  // "POST /v3/kv/txn "
    Cut cut_;
    std::atomic<int> drops_left_;
    std::atomic<int> dropped_{0};
    std::atomic<bool> stopping_{false};
    int listener_ = -1;
    int port_ = 0;
    std::thread acceptor_;
    std::vector<std::thread> relays_;  // only the acceptor adds, before the destructor joins it
};

}  // namespace girofle::testing
