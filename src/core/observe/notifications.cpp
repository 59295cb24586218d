#include "core/observe/notifications.hpp"

#include <algorithm>
#include <set>

namespace girofle {
namespace {

constexpr int kAttempts = 3;
constexpr auto kPauseBetweenAttempts = std::chrono::milliseconds(500);

bool worth_retrying(const Result<HttpAnswer>& answer) {
    if (!answer) return answer.error().kind == ErrorKind::timeout || answer.error().kind == ErrorKind::unavailable;
    return answer->status == 429 || answer->status >= 500;
}

}  // namespace

std::string redacted_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "webhook";
    const auto authority_start = scheme_end + 3;
    auto authority_end = url.find_first_of("/?#", authority_start);
    if (authority_end == std::string::npos) authority_end = url.size();
    std::string authority = url.substr(authority_start, authority_end - authority_start);
    if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    return url.substr(0, authority_start) + authority + (authority_end < url.size() ? "/…" : "");
}

bool announced_operation(const std::string& operation) {
    static const std::set<std::string> announced = {"backup", "remote push",         "hook",  "drill",
                                                    "drill --from-remote", "doctor", "verify"};
    return announced.contains(operation);
}

nlohmann::json notification_for(const nlohmann::json& failure, const std::string& host,
                                const std::map<std::uint64_t, std::string>& names) {
    nlohmann::json instance = nullptr;
    if (auto number = failure.find("instance"); number != failure.end() && number->is_number_integer() && *number >= 0) {
        auto found = names.find(number->get<std::uint64_t>());
        instance = {{"number", *number}, {"name", found == names.end() ? "" : found->second}};
    }
    return {{"event", failure.value("event", "girofle.operation_failed")},
            {"operation", failure.value("operation", "")},
            {"hook", failure.value("hook", "")},
            {"instance", instance},
            {"error", failure.value("error", "")},
            {"error_kind", failure.value("error_kind", "")},
            {"host", host},
            {"time", failure.value("time", "")},
            {"girofle_version", failure.value("girofle_version", "")}};
}

NotificationReport notify_failures(const NotifySettings& settings, WebhookPoster& poster, Clock& clock,
                                   Reporter& reporter, const std::vector<nlohmann::json>& failures,
                                   const std::string& host, const std::map<std::uint64_t, std::string>& names) {
    NotificationReport report;
    std::map<std::string, std::chrono::milliseconds> budget;
    for (const auto& url : settings.webhooks)
        budget[url] = std::chrono::duration_cast<std::chrono::milliseconds>(settings.webhook_timeout);
    report.delivered.assign(failures.size(), false);
    for (std::size_t index = 0; index < failures.size(); ++index) {
        const auto& failure = failures[index];
        if (!announced_operation(failure.value("operation", ""))) continue;
        report.delivered[index] = true;
        const std::string body = notification_for(failure, host, names).dump();
        for (const auto& url : settings.webhooks) {
            auto& left = budget[url];
            std::string why = "its time bound was used up by an earlier notification";
            bool sent = false;
            for (int attempt = 1; attempt <= kAttempts && left.count() > 0; ++attempt) {
                // Each attempt may use its share of what is left, so that a hanging receiver
                // still leaves time for a retry.
                const auto share = std::max(left / (kAttempts - attempt + 1), std::chrono::milliseconds(1));
                const auto started = clock.monotonic();
                auto answer = poster.post_json(url, body, share);
                left -= std::chrono::duration_cast<std::chrono::milliseconds>(clock.monotonic() - started);
                if (answer && answer->status >= 200 && answer->status < 300) {
                    sent = true;
                    break;
                }
                why = answer ? "answered HTTP " + std::to_string(answer->status) : answer.error().cause;
                if (!worth_retrying(answer)) break;
                if (attempt < kAttempts && left > kPauseBetweenAttempts) {
                    clock.sleep_for(kPauseBetweenAttempts);
                    left -= kPauseBetweenAttempts;
                }
            }
            if (left.count() < 0) left = std::chrono::milliseconds(0);
            if (sent) {
                ++report.sent;
                continue;
            }
            ++report.failed;
            report.delivered[index] = false;
            reporter.warn("webhook " + redacted_url(url) + ": notification not delivered: " + why);
        }
    }
    return report;
}

}  // namespace girofle
