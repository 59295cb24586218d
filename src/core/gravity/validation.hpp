// The checks a scenario passes before anything is played, whatever it was read from (YAML or
// BPMN): known step kinds and fields, unique step ids, declared repositories and identities,
// paths inside their repository, parallel branches on disjoint repositories.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

// Errors: usage, naming the file, the line and the step.
Result<void> validate(const Scenario& scenario);

// The usage error "FILE:LINE: step ID: cause" (line left out when 0, step when empty).
Error scenario_error(const std::string& file, Origin origin, const std::string& step_id,
                     std::string cause);

// Letters, digits, '_', '-' and '.', starting with a letter or '_': usable as an XML id.
bool is_valid_step_id(const std::string& id);

}  // namespace girofle::gravity
