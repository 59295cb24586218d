#include "core/observe/problem_notifications.hpp"

#include <cstdio>

#include "core/file_io.hpp"

namespace girofle {

std::string webhook_digest(const std::string& url) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : url) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

bool problem_due(const NotifiedProblems& notified, const std::string& key, const std::string& url,
                 std::chrono::system_clock::time_point now) {
    auto problem = notified.find(key);
    if (problem == notified.end()) return true;
    auto told = problem->second.find(webhook_digest(url));
    return told == problem->second.end() || now - told->second >= kProblemReminderInterval;
}

NotifiedProblems read_notified_problems(const std::filesystem::path& file) {
    NotifiedProblems notified;
    auto text = read_text_file(file);
    if (!text) return notified;
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return notified;
    for (const auto& [key, webhooks] : json.items()) {
        if (!webhooks.is_object()) continue;
        for (const auto& [digest, time] : webhooks.items())
            if (auto parsed =
                    time.is_string() ? parse_rfc3339_utc(time.get<std::string>()) : std::nullopt)
                notified[key][digest] = *parsed;
    }
    return notified;
}

Result<void> write_notified_problems(const std::filesystem::path& file,
                                     const NotifiedProblems& notified) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [key, webhooks] : notified)
        for (const auto& [digest, time] : webhooks) json[key][digest] = rfc3339_utc(time);
    return write_file_atomically(file, json.dump(2) + "\n", 0640);
}

NotificationReport notify_problems(const NotifySettings& settings, WebhookPoster& poster,
                                   Clock& clock, Reporter& reporter,
                                   const std::vector<Problem>& problems, const std::string& host,
                                   const std::map<std::uint64_t, std::string>& names,
                                   const std::filesystem::path& state_file) {
    const auto before = read_notified_problems(state_file);
    const auto now = clock.now();
    NotifiedProblems after;
    NotificationReport report;
    report.delivered.assign(problems.size(), true);
    for (const auto& url : settings.webhooks) {
        const std::string digest = webhook_digest(url);
        std::vector<nlohmann::json> due;
        std::vector<const Problem*> due_problems;
        for (const auto& problem : problems) {
            if (problem_due(before, problem.key, url, now)) {
                due.push_back(problem.notice);
                due_problems.push_back(&problem);
            } else {
                after[problem.key][digest] = before.at(problem.key).at(digest);
            }
        }
        if (due.empty()) continue;
        NotifySettings one = settings;
        one.webhooks = {url};
        auto sent = notify_failures(one, poster, clock, reporter, due, host, names);
        report.sent += sent.sent;
        report.failed += sent.failed;
        for (std::size_t index = 0; index < due.size(); ++index) {
            if (sent.delivered[index])
                after[due_problems[index]->key][digest] = now;
            else
                report.delivered[static_cast<std::size_t>(due_problems[index] - problems.data())] =
                    false;
        }
    }
    if (after != before)
        if (auto written = write_notified_problems(state_file, after); !written)
            reporter.warn("problems notified: " + written.error().message() +
                          " (the next run may repeat them)");
    return report;
}

}  // namespace girofle
