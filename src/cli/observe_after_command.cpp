#include "cli/observe_after_command.hpp"

#include <unistd.h>

#include <set>

#include "adapters/http/curl_webhook_poster.hpp"
#include "cli/runtime.hpp"
#include "core/observe/metrics.hpp"
#include "core/observe/notifications.hpp"

namespace girofle::cli {
namespace {

// Commands that leave every instance as it was and record nothing about them. The listing
// commands are among them: a `list` answers in one Docker request, and refreshing every
// instance's metrics after it would cost more than the list itself (issue 13: list at 1.2x one
// `docker ps`); the commands that change state and the scheduled runs keep the metrics fresh.
bool changes_no_instance(const std::string& command) {
    static const std::set<std::string> readers = {"log",  "list",    "status",     "backups",
                                                  "save", "sync",    "gravity",    "__generate",
                                                  "__complete"};
    return readers.contains(command);
}

void announce_failures(Services& services, const std::vector<nlohmann::json>& failures) {
    if (failures.empty() || services.config.notify.webhooks.empty()) return;
    std::map<std::uint64_t, std::string> names;
    if (auto records = services.inventory.list())
        for (const auto& record : *records) names[record.number] = record.name;
    CurlWebhookPoster poster;
    notify_failures(services.config.notify, poster, services.clock, services.reporter, failures, host_name(), names);
}

}  // namespace

std::string host_name() {
    char name[256] = "";
    if (::gethostname(name, sizeof name - 1) != 0) return "";
    return name;
}

void observe_after_command(const GlobalOptions& globals, LogReporter& reporter, const std::string& command,
                           int exit_status) {
    // Exit status 2 changed nothing; a root that does not exist is not created for metrics.
    std::error_code error;
    if (changes_no_instance(command) || exit_status == 2 || !std::filesystem::is_directory(globals.root, error))
        return;
    Runtime runtime(globals);
    auto services = runtime.services();
    if (!services) return;  // the command already said why (a malformed girofle.json)
    // After a failed command the metrics usually fail for the same reason (Docker or the
    // inventory unreachable): the command's one-line error already said it; keep it in the log.
    if (auto written = write_metrics(*services); !written) {
        if (exit_status == 0) reporter.warn("metrics not written: " + written.error().message());
        else reporter.info("metrics not written: " + written.error().message());
    }
    announce_failures(*services, reporter.failures());
}

}  // namespace girofle::cli
