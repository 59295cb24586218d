// One kind of step (init, commit, merge, expect, ...): its fields, its checks, its readable
// name and how it plays. Each kind is one small class under steps/, listed in step_table.cpp;
// the BPMN writer and reader carry any kind's fields as they are, so adding a kind touches
// its own file and the table only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/gravity/git_workspace.hpp"
#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

// How validation reads a field's text.
enum class FieldType {
    text,        // anything
    repository,  // a declared repository's name
    identity,    // a declared identity's name
    path,        // relative to the repository's top, never leaving it nor entering .git
    count,       // a non-negative integer
    step,        // the id of an earlier step
    boolean,     // true or false
    choice,      // one of FieldSpec::choices
};

struct FieldSpec {
    std::string name;
    FieldType type = FieldType::text;
    bool required = true;
    std::vector<std::string> choices = {};  // for FieldType::choice
};

// What a played step left behind, for later `expect` steps.
struct StepOutcome {
    int exit_status = 0;                 // 0 when it succeeded, else the command's status
    std::vector<std::string> conflicts;  // paths a merge, rebase or pull stopped on
    std::optional<Error> error;          // set when the step failed
};

// Everything a step plays against. Not shared between parallel branches except `outcomes`,
// which only steps before the block wrote.
struct StepContext {
    const Scenario& scenario;
    GitWorkspace& git;
    std::filesystem::path workdir;
    const std::map<std::string, StepOutcome>& outcomes;

    std::filesystem::path directory_of(const std::string& repository) const {
        return workdir / repository;
    }
    // A clone's source: a declared remote's URL, else the repository's directory.
    std::string location_of(const std::string& repository) const;
    // The step's `identity` at the step's time on the scenario's clock.
    CommitStamp stamp(const Step& step) const;
};

class StepKind {
public:
    virtual ~StepKind() = default;
    virtual std::string_view name() const = 0;
    virtual std::vector<FieldSpec> fields() const = 0;
    // A short readable name: "commit on alice: add the README".
    virtual std::string label(const Step& step) const = 0;
    // Checks beyond the fields' types; the cause of the first problem, or nothing.
    virtual std::optional<std::string> check(const Step&) const { return std::nullopt; }
    // Whether `expect_failure: true` makes sense: the step can fail as a user expects.
    virtual bool may_fail() const { return true; }
    virtual StepOutcome play(const Step& step, StepContext& context) const = 0;
};

// A failed step's outcome from an error (exit status 1, or 2 for usage).
StepOutcome failed(Error error);
// A merge, rebase or pull's outcome: a conflicted one is a failure of kind conflict about
// `what` that lists its paths for `expect`.
StepOutcome integration_outcome(const Result<Integration>& result, const std::string& what);
// A step's outcome from an operation's result.
StepOutcome outcome_of(const Result<void>& result);

}  // namespace girofle::gravity
