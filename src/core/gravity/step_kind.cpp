#include "core/gravity/step_kind.hpp"

namespace girofle::gravity {

std::string StepContext::location_of(const std::string& repository) const {
    auto declared = scenario.repositories.find(repository);
    if (declared != scenario.repositories.end() && !declared->second.url.empty())
        return declared->second.url;
    return directory_of(repository).string();
}

CommitStamp StepContext::stamp(const Step& step) const {
    CommitStamp stamp{.time = scenario.clock.time_of(step.position)};
    auto identity = scenario.identities.find(step.field("identity"));
    if (identity != scenario.identities.end()) {
        stamp.name = identity->second.name;
        stamp.email = identity->second.email;
    }
    return stamp;
}

StepOutcome failed(Error error) {
    const int status = error.exit_status();
    return {.exit_status = status, .error = std::move(error)};
}

StepOutcome integration_outcome(const Result<Integration>& result, const std::string& what) {
    if (!result) return failed(result.error());
    if (result->conflicts.empty()) return {};
    std::string paths;
    for (const std::string& path : result->conflicts) paths += (paths.empty() ? "" : ", ") + path;
    StepOutcome outcome = failed(Error{ErrorKind::conflict, what, "conflicts in " + paths});
    outcome.conflicts = result->conflicts;
    return outcome;
}

StepOutcome outcome_of(const Result<void>& result) {
    return result ? StepOutcome{} : failed(result.error());
}

}  // namespace girofle::gravity
