// Failures announced where operators look: a JSON POST to each webhook in girofle.json's
// "notify" section, one per failed operation a command recorded. Bounded: each URL gets
// notify.webhook_timeout_seconds for all its attempts in one command, and a URL that used its
// budget up is skipped for the rest of the command, so a hanging receiver delays the end of a
// command by that bound at most and never changes its exit status.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/observe/settings.hpp"
#include "core/reporter.hpp"

namespace girofle {

struct HttpAnswer {
    long status = 0;  // the HTTP status code
};

// POSTs JSON; errors: timeout (the bound passed), unavailable (no connection), failed.
class WebhookPoster {
public:
    virtual ~WebhookPoster() = default;
    virtual Result<HttpAnswer> post_json(const std::string& url, const std::string& body,
                                         std::chrono::milliseconds timeout) = 0;
};

// "https://hooks.example.com/…": scheme, host and port only. Webhook URLs carry their secret in
// the user part, the path or the query, so nothing else of them is ever logged.
std::string redacted_url(const std::string& url);

// Operations whose failure is announced: unattended work an operator would otherwise miss.
bool announced_operation(const std::string& operation);

// The document POSTed for one failed record of the operations log: event (the record's "event",
// else girofle.operation_failed), operation, instance (number and name, null when none),
// error, error kind, host, time, girofle version.
nlohmann::json notification_for(const nlohmann::json& failure, const std::string& host,
                                 const std::map<std::uint64_t, std::string>& names);

struct NotificationReport {
    std::size_t sent = 0;     // POSTs answered with a 2xx status
    std::size_t failed = 0;   // notifications a URL never took
    std::vector<bool> delivered;  // per entry of the failures given: every webhook took it
};

// Sends one notification per announced failure to every webhook; retries a refused
// connection, a timeout, a 429 or a 5xx answer while the URL's budget lasts. Problems are
// warnings naming the redacted URL.
NotificationReport notify_failures(const NotifySettings& settings, WebhookPoster& poster, Clock& clock,
                                   Reporter& reporter, const std::vector<nlohmann::json>& failures,
                                   const std::string& host, const std::map<std::uint64_t, std::string>& names);

}  // namespace girofle
