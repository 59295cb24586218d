// A webhook receiver on 127.0.0.1 for notification tests: it counts the POSTs it gets and keeps
// their bodies; it can also take a connection and never answer (a hanging receiver).
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace girofle::testing {

class WebhookReceiver {
public:
    enum class Mode { answer_200, hang };

    explicit WebhookReceiver(Mode mode);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    std::string url() const;               // http://127.0.0.1:PORT/hook
    std::vector<std::string> bodies() const;  // one per request received, in order

private:
    void serve();
    void handle(int connection);

    Mode mode_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> bodies_;
    std::vector<int> held_;  // connections a hanging receiver keeps open
    std::thread thread_;
};

}  // namespace girofle::testing
