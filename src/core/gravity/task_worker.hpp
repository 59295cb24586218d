// What a process engine's worker does for one service task of a gravity BPMN file: play
// that one step in a work directory shared by all the tasks of one process instance. The
// outcomes of earlier steps (read by expect steps) are kept between tasks in the file
// kOutcomesFile at the top of the work directory.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/gravity/git_workspace.hpp"
#include "core/gravity/runner.hpp"

namespace girofle::gravity {

inline constexpr const char* kOutcomesFile = ".gravity-outcomes.json";

// Plays step `step_id` of `scenario` in `workdir` (created when missing). Errors: usage for
// an unknown step id; a failed step is a result with status failed, not an error.
Result<StepResult> play_task(const Scenario& scenario, GitWorkspace& git,
                             const std::filesystem::path& workdir, const std::string& step_id);

}  // namespace girofle::gravity
