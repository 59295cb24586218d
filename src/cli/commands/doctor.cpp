// doctor: every check with its verdict, and the command that fixes each problem.
#include <iomanip>
#include <iostream>
#include <memory>

#include "adapters/http/curl_webhook_poster.hpp"
#include "adapters/system/cron_probe.hpp"
#include "cli/command_table.hpp"
#include "cli/observe_after_command.hpp"
#include "cli/runtime.hpp"
#include "core/operations/doctor.hpp"
#include "core/operations/doctor_notifications.hpp"

namespace girofle::cli {

void register_doctor_command(CommandTable& table) {
    auto fix = std::make_shared<bool>(false);
    auto notify = std::make_shared<bool>(false);
    auto* command = table.add("doctor", "Check this host: Docker, root directory, space, addresses, port 22, cron, "
                                        "instances, schedules, backups",
              [fix, notify](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        if (*fix)
            for (const auto& failure : repair_interrupted_operations(*services))
                globals.reporter->warn("cannot repair: " + failure);
        const auto findings = run_doctor(*services, {.cron_running = [] { return cron_daemon_running(); }});
        int problems = 0;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& finding : findings) {
            if (finding.verdict == Verdict::problem) ++problems;
            if (globals.json) {
                list.push_back({{"check", finding.check}, {"verdict", to_string(finding.verdict)},
                                {"detail", finding.detail}, {"fix", finding.fix}});
                continue;
            }
            std::cout << std::left << std::setw(9) << to_string(finding.verdict) << finding.check << ": "
                      << finding.detail << "\n";
            if (!finding.fix.empty()) std::cout << std::setw(9) << "" << "fix: " << finding.fix << "\n";
        }
        if (globals.json) std::cout << nlohmann::json{{"findings", list}, {"problems", problems}}.dump(2) << "\n";
        else std::cout << (problems == 0 ? "no problem found\n" : std::to_string(problems) + " problem(s) found\n");
        if (*notify) {
            CurlWebhookPoster poster;
            notify_doctor_problems(*services, findings, poster, host_name());
        }
        // A problem is a failed check: cron and scripts see it in the status.
        return problems == 0 ? 0 : 1;
    });
    command->add_flag("--fix", *fix,
                      "First put back instances an interrupted operation left stopped, paused or half-restored");
    command->add_flag("--notify", *notify,
                      "Announce each problem to the webhooks of girofle.json: when it appears, then once a day while "
                      "it lasts (what the scheduled run does)");
}

}  // namespace girofle::cli
