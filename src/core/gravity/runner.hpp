// Plays a validated scenario in a work directory, one step after the other, parallel blocks'
// branches at the same time, and stops after the first failed step.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/gravity/git_workspace.hpp"
#include "core/gravity/scenario.hpp"
#include "core/gravity/step_kind.hpp"

namespace girofle::gravity {

enum class StepStatus { passed, failed };

struct StepResult {
    std::string id;
    std::string kind;
    std::string label;
    StepStatus status = StepStatus::passed;
    std::chrono::milliseconds duration{0};
    StepOutcome outcome;
    // After the step: the references of the repository it worked on (and of the remote a
    // push went to, when it lives in the work directory).
    std::map<std::string, RefIds> refs;
};

struct RunReport {
    std::string scenario;
    std::filesystem::path workdir;
    std::vector<StepResult> steps;         // played, in document order
    std::optional<Error> failure;          // the first failed step's error, naming it
    std::map<std::string, RefIds> refs;    // every repository of the work directory at the end

    bool passed() const { return !failure; }
    int exit_status() const { return failure ? 1 : 0; }
};

// Told about each step: `started` as it begins (from a parallel branch's thread: it must be
// safe to call concurrently), `finished` as it ends (a parallel block's steps after the
// block, in document order, from the caller's thread). Either may be empty.
struct StepObserver {
    std::function<void(const Step&)> started;
    std::function<void(const StepResult&)> finished;
};

// Creates `workdir` (it must not exist, or be empty) and plays `scenario` in it. Errors
// (usage): a work directory that holds anything. Failed steps are in the report, not errors.
Result<RunReport> run_scenario(const Scenario& scenario, GitWorkspace& git,
                               const std::filesystem::path& workdir, const StepObserver& observer);

// Plays one step of `scenario` in a work directory earlier steps left (a process engine
// running the scenario's BPMN task by task). `outcomes` holds the earlier steps' outcomes
// for expect steps and receives this one's.
StepResult play_step(const Scenario& scenario, GitWorkspace& git,
                     const std::filesystem::path& workdir, const Step& step,
                     std::map<std::string, StepOutcome>& outcomes);

// "passed", "failed"
const char* to_string(StepStatus status);

}  // namespace girofle::gravity
