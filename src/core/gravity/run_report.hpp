// How a run is shown: one line per step for people, one JSON document for programs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/gravity/runner.hpp"

namespace girofle::gravity {

// "passed  push-a       push main from alice  (12 ms)"
std::string step_line(const StepResult& result);

// {"scenario", "workdir", "passed", "failed_step"?, "error"?, "steps": [{"id", "kind",
// "name", "status", "duration_ms", "exit_status", "conflicts", "refs"}], "refs"}
nlohmann::json to_json(const RunReport& report);

}  // namespace girofle::gravity
