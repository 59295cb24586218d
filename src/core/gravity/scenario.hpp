// A gravity scenario: a workflow on a set of git repositories, as data. Read from YAML or
// JSON (scenario_reader.hpp), checked (validation.hpp), played (runner.hpp) and written as,
// or read back from, BPMN 2.0 (bpmn_writer.hpp, bpmn_reader.hpp). The format is documented
// in docs/gravity.md and docs/gravity-scenario.schema.json.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace girofle::gravity {

// The only format version this Girofle reads and writes.
inline constexpr int kScenarioVersion = 1;

// Where something was written, for error messages: 1-based line, 0 when unknown (a
// scenario read back from BPMN has no lines).
struct Origin {
    int line = 0;
};

// A repository the scenario works on, created in the work directory by an `init` or `clone`
// step, or a remote that already exists elsewhere: at `url`, or as `project` on the
// commissioned Girofle instance `instance` (its URL found in the inventory before playing).
struct Repository {
    std::string name;  // also its directory under the work directory
    bool bare = false;
    std::string url;   // non-empty: an existing remote; ${VAR} is taken from the environment
    std::string instance;  // an instance's number or name; with `project`
    std::string project;   // "team/demo.git" on that instance
    Origin origin;
};

struct Identity {
    std::string name;
    std::string email;
    Origin origin;
};

// Commit times: the step at position n (0-based, in document order, parallel steps included)
// commits at start + n * tick. Positions do not depend on how parallel branches interleave,
// so the same scenario gives the same commit ids on every run.
struct Clock {
    std::int64_t start = 0;  // seconds since the epoch, UTC
    std::int64_t tick = 60;  // seconds, > 0

    std::int64_t time_of(int position) const { return start + tick * position; }
};

// One step: a kind from the step table and its fields, all scalars kept as text.
struct Step {
    std::string id;
    std::string kind;
    std::map<std::string, std::string> fields;
    int position = 0;  // in document order; gives the commit time
    Origin origin;

    // The field's value, or `fallback` when the scenario leaves it out.
    std::string field(const std::string& name, const std::string& fallback = {}) const;
};

// Branches played at the same time, each an ordered list of steps, on disjoint repositories.
struct ParallelBlock {
    std::string id;
    std::vector<std::pair<std::string, std::vector<Step>>> branches;  // branch name, steps
    Origin origin;
};

using StepNode = std::variant<Step, ParallelBlock>;

struct Scenario {
    std::string file;  // as the user named it: in every error message
    int version = kScenarioVersion;
    std::string name;  // the process name in BPMN
    Clock clock;
    std::map<std::string, Repository> repositories;
    std::map<std::string, Identity> identities;
    std::vector<StepNode> steps;
};

// Every step in document order, parallel branches flattened in order.
std::vector<const Step*> all_steps(const Scenario& scenario);

}  // namespace girofle::gravity
