#include "core/gravity/run_report.hpp"

#include <fmt/format.h>

namespace girofle::gravity {

std::string step_line(const StepResult& result) {
    std::string line = fmt::format("{:<7} {:<20} {}  ({} ms)", to_string(result.status), result.id,
                                   result.label, result.duration.count());
    if (result.status == StepStatus::failed && result.outcome.error)
        line += ": " + result.outcome.error->message();
    return line;
}

nlohmann::json to_json(const RunReport& report) {
    nlohmann::json steps = nlohmann::json::array();
    for (const StepResult& result : report.steps) {
        nlohmann::json step{{"id", result.id},
                            {"kind", result.kind},
                            {"name", result.label},
                            {"status", to_string(result.status)},
                            {"duration_ms", result.duration.count()},
                            {"exit_status", result.outcome.exit_status},
                            {"conflicts", result.outcome.conflicts},
                            {"refs", result.refs}};
        if (result.outcome.error) step["error"] = result.outcome.error->message();
        steps.push_back(std::move(step));
    }
    nlohmann::json json{{"scenario", report.scenario},
                        {"workdir", report.workdir.string()},
                        {"passed", report.passed()},
                        {"steps", std::move(steps)},
                        {"refs", report.refs}};
    if (report.failure) json["error"] = report.failure->message();
    return json;
}

}  // namespace girofle::gravity
