// Every step kind by name, as the CLI's command table lists commands.
#pragma once

#include <string_view>
#include <vector>

#include "core/gravity/step_kind.hpp"

namespace girofle::gravity {

// Null for an unknown kind.
const StepKind* find_step_kind(std::string_view name);
const std::vector<const StepKind*>& step_kinds();

}  // namespace girofle::gravity
