// Problems that last (a late backup, a missing schedule file, a paused instance) announced to
// the webhooks without a storm: a problem is announced to a webhook when it appears, then at
// most once a day while it lasts; once it is gone it is forgotten, so its return is announced
// again at once. A notification a webhook did not take is tried again on the next run. The
// state is ROOT/logs/notified-problems.json, one entry per problem and webhook.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/observe/notifications.hpp"
#include "core/observe/settings.hpp"
#include "core/reporter.hpp"

namespace girofle {

struct Problem {
    std::string key;  // the same on every run while the problem lasts (its check and instance)
    nlohmann::json
        notice;  // what is POSTed (see notification_for): operation, event, instance, error, ...
};

// A day, less a margin for cron starting an hourly run a few seconds earlier than the day before.
inline constexpr std::chrono::minutes kProblemReminderInterval{24 * 60 - 10};

// problem key -> webhook digest (never the URL: it carries its secret) -> when it took the notice.
using NotifiedProblems =
    std::map<std::string, std::map<std::string, std::chrono::system_clock::time_point>>;

// A stable digest of a webhook URL (64-bit FNV-1a, hexadecimal): the state names URLs by it.
std::string webhook_digest(const std::string& url);

// Whether `url` is to get the notice of problem `key` now: never told, or told at least
// kProblemReminderInterval ago.
bool problem_due(const NotifiedProblems& notified, const std::string& key, const std::string& url,
                 std::chrono::system_clock::time_point now);

// Missing or unreadable state reads as empty (at worst one notice more, never one less).
NotifiedProblems read_notified_problems(const std::filesystem::path& file);
Result<void> write_notified_problems(const std::filesystem::path& file,
                                     const NotifiedProblems& notified);

// Sends each due problem to each webhook (one notify_failures per webhook, so each keeps its
// own time bound), then rewrites the state: what was taken is noted now, problems not in
// `problems` and webhooks no longer configured are dropped. The report's `delivered` says,
// per problem, that no webhook it was due to missed it. Never fails: a state that cannot be
// written is a warning (the next run may then repeat a notice).
NotificationReport notify_problems(const NotifySettings& settings, WebhookPoster& poster,
                                   Clock& clock, Reporter& reporter,
                                   const std::vector<Problem>& problems, const std::string& host,
                                   const std::map<std::uint64_t, std::string>& names,
                                   const std::filesystem::path& state_file);

}  // namespace girofle
