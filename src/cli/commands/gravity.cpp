// `girofle gravity run|replay`: a scripted git workflow played as an automated test, and the
// same workflow as an executable BPMN 2.0 process.
#include <stdlib.h>

#include <iostream>
#include <mutex>
#include <memory>

#include "adapters/git/gravity_workspace.hpp"
#include "cli/command_table.hpp"
#include "cli/runtime.hpp"
#include "core/file_io.hpp"
#include "core/gravity/bpmn_reader.hpp"
#include "core/gravity/bpmn_writer.hpp"
#include "core/gravity/instance_remotes.hpp"
#include "core/gravity/run_report.hpp"
#include "core/gravity/runner.hpp"
#include "core/gravity/scenario_reader.hpp"
#include "core/gravity/task_worker.hpp"
#include "core/operations/list.hpp"
#include "core/reporter.hpp"

namespace girofle::cli {
namespace {
namespace fs = std::filesystem;

struct GravityOptions {
    std::string scenario;  // a scenario file (run) or a BPMN file (replay, task)
    std::string step;      // task: the step id
    std::string workdir;  // empty: a new directory under $TMPDIR
    std::string bpmn;     // empty: no BPMN file
    bool json = false;
};

constexpr const char* kRunHelp =
    "Plays SCENARIO (YAML or JSON, see docs/gravity.md) in a fresh work directory with\n"
    "libgit2, one line per step, and stops at the first failed step.\n"
    "Exit status: 0 every step and expectation held, 1 a step or expectation failed (the\n"
    "error names it), 2 a bad scenario (the error names the file, line and step).\n"
    "With --json, one JSON document: each step's status, duration and resulting ref ids.\n";

Result<fs::path> work_directory(const std::string& chosen) {
    if (!chosen.empty()) return fs::absolute(chosen);
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/girofle-gravity-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr)
        return fail(ErrorKind::failed, pattern, "cannot create a work directory");
    return fs::path(pattern);
}

// Repositories on commissioned instances get their URL from the inventory under --root.
Result<void> resolve_instances(gravity::Scenario& scenario, const GlobalOptions& globals) {
    if (!gravity::uses_instances(scenario)) return {};
    Runtime runtime(globals);
    auto services = runtime.services();
    if (!services) return std::unexpected(services.error());
    return gravity::resolve_instance_remotes(
        scenario, [&](const std::string& instance) -> Result<std::string> {
            auto listing = instance_status(*services, instance);
            if (!listing) return std::unexpected(listing.error());
            return listing->instances.front().record.external_url;
        });
}

Result<int> play(gravity::Scenario& scenario, const GravityOptions& options,
                 const GlobalOptions& globals) {
    if (auto resolved = resolve_instances(scenario, globals); !resolved)
        return std::unexpected(resolved.error());
    auto workdir = work_directory(options.workdir);
    if (!workdir) return std::unexpected(workdir.error());
    const bool json = options.json || globals.json;
    auto git = git::make_gravity_workspace();
    std::mutex progress;
    const gravity::StepObserver observer{
        .started =
            [&](const gravity::Step& step) {
                std::lock_guard lock(progress);  // parallel branches start steps concurrently
                globals.reporter->progress("playing " + step.id + " ...");
            },
        .finished =
            [&](const gravity::StepResult& step) {
                std::lock_guard lock(progress);
                globals.reporter->end_progress();
                if (!json) std::cout << gravity::step_line(step) << std::endl;
            }};
    auto report = gravity::run_scenario(scenario, *git, *workdir, observer);
    if (!report) return std::unexpected(report.error());
    if (json) std::cout << gravity::to_json(*report).dump(2) << "\n";
    else std::cout << "work directory: " << workdir->string() << "\n";
    if (report->failure) return std::unexpected(*report->failure);
    return 0;
}

Result<int> run_run(const GravityOptions& options, const GlobalOptions& globals) {
    auto scenario = gravity::read_scenario_file(options.scenario);
    if (!scenario) return std::unexpected(scenario.error());
    if (!options.bpmn.empty())
        if (auto written = write_file_atomically(options.bpmn, gravity::write_bpmn(*scenario), 0644);
            !written)
            return std::unexpected(written.error());
    return play(*scenario, options, globals);
}

Result<int> run_replay(const GravityOptions& options, const GlobalOptions& globals) {
    auto scenario = gravity::read_bpmn_file(options.scenario);
    if (!scenario) return std::unexpected(scenario.error());
    return play(*scenario, options, globals);
}

// One task for a process engine's worker: exit status 0 when the step passed, 1 when it
// failed (for an expect step: the expectation was false), with the step's line or JSON.
Result<int> run_task(const GravityOptions& options, const GlobalOptions& globals) {
    auto scenario = gravity::read_bpmn_file(options.scenario);
    if (!scenario) return std::unexpected(scenario.error());
    if (auto resolved = resolve_instances(*scenario, globals); !resolved)
        return std::unexpected(resolved.error());
    auto git = git::make_gravity_workspace();
    auto result = gravity::play_task(*scenario, *git, fs::absolute(options.workdir), options.step);
    if (!result) return std::unexpected(result.error());
    if (options.json || globals.json) {
        gravity::RunReport report{.scenario = scenario->name, .workdir = options.workdir};
        report.steps.push_back(*result);
        std::cout << gravity::to_json(report)["steps"][0].dump(2) << "\n";
    } else {
        std::cout << gravity::step_line(*result) << "\n";
    }
    if (result->status == gravity::StepStatus::failed)
        return std::unexpected(Error{ErrorKind::failed, "step " + result->id,
                                     result->outcome.error->message()});
    return 0;
}

}  // namespace

void register_gravity_commands(CommandTable& table) {
    CLI::App* gravity = table.app().add_subcommand(
        "gravity", "Play git workflows on a set of repositories as automated tests");
    gravity->require_subcommand(1);

    auto run_options = std::make_shared<GravityOptions>();
    CLI::App* run = table.add(
        "run", "Play a scenario in a fresh work directory",
        [run_options](const GlobalOptions& globals) { return run_run(*run_options, globals); },
        gravity);
    run->add_option("SCENARIO", run_options->scenario, "The scenario file")->required();
    run->add_option("--workdir", run_options->workdir, "A new or empty work directory");
    run->add_option("--bpmn", run_options->bpmn, "Also write the scenario as BPMN 2.0 to FILE");
    run->add_flag("--json", run_options->json, "Print one JSON document on stdout");
    run->footer(kRunHelp);

    auto replay_options = std::make_shared<GravityOptions>();
    CLI::App* replay = table.add(
        "replay", "Execute a BPMN file that gravity run --bpmn wrote",
        [replay_options](const GlobalOptions& globals) {
            return run_replay(*replay_options, globals);
        },
        gravity);
    replay->add_option("FILE", replay_options->scenario, "The BPMN file")->required();
    replay->add_option("--workdir", replay_options->workdir, "A new or empty work directory");
    replay->add_flag("--json", replay_options->json, "Print one JSON document on stdout");
    replay->footer(
        "Walks the process's flows from its start event, plays each service task's step from\n"
        "its extension elements, forks and joins at parallel gateways: the same result as run.\n"
        "A BPMN file gravity did not write, or with steps it does not know, is refused (2).\n");

    auto task_options = std::make_shared<GravityOptions>();
    CLI::App* task = table.add(
        "task", "Play one service task of a gravity BPMN file (for a process engine's worker)",
        [task_options](const GlobalOptions& globals) { return run_task(*task_options, globals); },
        gravity);
    task->add_option("FILE", task_options->scenario, "The BPMN file")->required();
    task->add_option("STEP", task_options->step, "The task's id (the step id)")->required();
    task->add_option("--workdir", task_options->workdir,
                     "The work directory shared by the process instance's tasks")
        ->required();
    task->add_flag("--json", task_options->json, "Print the step's result as JSON");
}

}  // namespace girofle::cli
