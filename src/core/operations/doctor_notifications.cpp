#include "core/operations/doctor_notifications.hpp"

#include "core/file_io.hpp"

namespace girofle {

std::vector<Problem> doctor_problems(const std::vector<Finding>& findings,
                                     std::chrono::system_clock::time_point now) {
    std::vector<Problem> problems;
    for (const auto& finding : findings) {
        if (finding.verdict != Verdict::problem) continue;
        // An instance's detail changes from run to run ("last backup ... (5 h ago)"): the same
        // check of the same instance is the same problem. The host's checks are told apart by
        // what they say.
        const std::string key =
            finding.check + "/" +
            (finding.instance ? "instance " + std::to_string(*finding.instance) : finding.detail);
        nlohmann::json notice = {
            {"event", "girofle.problem_found"},
            {"operation", "doctor"},
            {"error", finding.check + ": " + finding.detail +
                          (finding.fix.empty() ? "" : " (fix: " + finding.fix + ")")},
            {"error_kind", "problem"},
            {"time", rfc3339_utc(now)},
            {"girofle_version", GIROFLE_VERSION}};
        if (finding.instance) notice["instance"] = *finding.instance;
        problems.push_back({key, std::move(notice)});
    }
    return problems;
}

std::filesystem::path notified_problems_file(const RootLayout& layout) {
    return layout.logs() / "notified-problems.json";
}

NotificationReport notify_doctor_problems(Services& services, const std::vector<Finding>& findings,
                                          WebhookPoster& poster, const std::string& host) {
    const auto& settings = services.config.notify;
    if (settings.webhooks.empty() || !is_directory_quietly(services.layout.root())) return {};
    if (auto logs = create_private_directories(services.layout.logs()); !logs) {
        services.reporter.warn("problems not notified: " + logs.error().message());
        return {};
    }
    std::map<std::uint64_t, std::string> names;
    if (auto records = services.inventory.list())
        for (const auto& record : *records) names[record.number] = record.name;
    return notify_problems(settings, poster, services.clock, services.reporter,
                           doctor_problems(findings, services.clock.now()), host, names,
                           notified_problems_file(services.layout));
}

}  // namespace girofle
