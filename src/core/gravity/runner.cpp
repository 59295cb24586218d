#include "core/gravity/runner.hpp"

#include <thread>

#include "core/gravity/step_table.hpp"

namespace girofle::gravity {
namespace fs = std::filesystem;
namespace {

using Outcomes = std::map<std::string, StepOutcome>;

Result<void> prepare_workdir(const fs::path& workdir) {
    std::error_code error;
    if (fs::exists(workdir, error) && !fs::is_empty(workdir, error))
        return fail(ErrorKind::usage, workdir.string(),
                    "the work directory must be new or empty (gravity starts from nothing)");
    fs::create_directories(workdir, error);
    if (error) return fail(ErrorKind::failed, workdir.string(), error.message());
    return {};
}

void record_refs(GitWorkspace& git, const fs::path& dir, const std::string& repository,
                 std::map<std::string, RefIds>& into) {
    std::error_code error;
    if (!fs::is_directory(dir / repository, error)) return;
    if (auto refs = git.refs(dir / repository)) into[repository] = std::move(*refs);
}

class Player {
public:
    Player(const Scenario& scenario, GitWorkspace& git, fs::path workdir)
        : scenario_(scenario), git_(git), workdir_(std::move(workdir)) {}

    // Plays `step` with `outcomes` (the ones it may read), recording its own there.
    StepResult play(const Step& step, Outcomes& outcomes, const StepObserver& observer = {}) const {
        if (observer.started) observer.started(step);
        const StepKind& kind = *find_step_kind(step.kind);
        StepContext context{scenario_, git_, workdir_, outcomes};
        StepResult result{.id = step.id, .kind = step.kind, .label = kind.label(step)};
        const auto started = std::chrono::steady_clock::now();
        result.outcome = kind.play(step, context);
        result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        const bool failure_expected = step.field("expect_failure") == "true";
        if (failure_expected && !result.outcome.error) {
            result.status = StepStatus::failed;
            result.outcome.error = Error{ErrorKind::failed, "", "succeeded, but was expected to fail"};
        } else if (!failure_expected && result.outcome.error) {
            result.status = StepStatus::failed;
        }
        const std::string repository = step.field("repository");
        if (!repository.empty()) record_refs(git_, workdir_, repository, result.refs);
        if (step.kind == "push")
            for (const auto& [name, declared] : scenario_.repositories)
                if (declared.bare && declared.url.empty()) record_refs(git_, workdir_, name, result.refs);
        outcomes[step.id] = result.outcome;
        return result;
    }

private:
    const Scenario& scenario_;
    GitWorkspace& git_;
    fs::path workdir_;
};

Error failure_of(const StepResult& result) {
    const Error& error = *result.outcome.error;
    return Error{ErrorKind::failed, "step " + result.id, error.message()};
}

}  // namespace

Result<RunReport> run_scenario(const Scenario& scenario, GitWorkspace& git,
                               const fs::path& workdir, const StepObserver& observer) {
    if (auto prepared = prepare_workdir(workdir); !prepared) return std::unexpected(prepared.error());
    RunReport report{.scenario = scenario.name, .workdir = workdir};
    Player player(scenario, git, workdir);
    Outcomes outcomes;
    auto finish = [&](StepResult result) {
        if (observer.finished) observer.finished(result);
        if (result.status == StepStatus::failed && !report.failure)
            report.failure = failure_of(result);
        report.steps.push_back(std::move(result));
    };
    for (const StepNode& node : scenario.steps) {
        if (report.failure) break;
        if (const auto* step = std::get_if<Step>(&node)) {
            finish(player.play(*step, outcomes, observer));
            continue;
        }
        // Each branch sees the outcomes from before the block and its own; repositories of
        // different branches are disjoint (validation), so they cannot disturb each other.
        const auto& branches = std::get<ParallelBlock>(node).branches;
        std::vector<std::vector<StepResult>> results(branches.size());
        std::vector<Outcomes> branch_outcomes(branches.size(), outcomes);
        {
            std::vector<std::jthread> threads;
            for (std::size_t index = 0; index < branches.size(); ++index)
                threads.emplace_back([&, index] {
                    for (const Step& step : branches[index].second) {
                        results[index].push_back(player.play(step, branch_outcomes[index], observer));
                        if (results[index].back().status == StepStatus::failed) break;
                    }
                });
        }
        for (std::size_t index = 0; index < branches.size(); ++index) {
            for (StepResult& result : results[index]) finish(std::move(result));
            outcomes.merge(branch_outcomes[index]);
        }
    }
    for (const auto& [name, repository] : scenario.repositories)
        record_refs(git, workdir, name, report.refs);
    return report;
}

StepResult play_step(const Scenario& scenario, GitWorkspace& git, const fs::path& workdir,
                     const Step& step, std::map<std::string, StepOutcome>& outcomes) {
    return Player(scenario, git, workdir).play(step, outcomes);
}

const char* to_string(StepStatus status) {
    return status == StepStatus::passed ? "passed" : "failed";
}

}  // namespace girofle::gravity
