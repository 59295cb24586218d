// Reads a scenario file (YAML, or JSON, which YAML reads as well) into a Scenario, then
// validates it. Every error is of kind usage (exit status 2) and names the file, the line
// and, when there is one, the step: "flow.yaml:14: step push-a: unknown field branchh".
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

Result<Scenario> read_scenario_file(const std::filesystem::path& file);
// The same from text; `file` names it in messages.
Result<Scenario> read_scenario_text(const std::string& text, const std::string& file);

}  // namespace girofle::gravity
