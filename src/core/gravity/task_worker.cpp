#include "core/gravity/task_worker.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace girofle::gravity {
namespace fs = std::filesystem;
namespace {

nlohmann::json to_json(const std::map<std::string, StepOutcome>& outcomes) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [id, outcome] : outcomes) {
        json[id] = {{"exit_status", outcome.exit_status}, {"conflicts", outcome.conflicts}};
        if (outcome.error) json[id]["error"] = outcome.error->message();
    }
    return json;
}

Result<std::map<std::string, StepOutcome>> load(const fs::path& file) {
    std::map<std::string, StepOutcome> outcomes;
    std::error_code error;
    if (!fs::exists(file, error)) return outcomes;
    auto text = read_text_file(file);
    if (!text) return std::unexpected(text.error());
    const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return fail(ErrorKind::failed, file.string(), "not a JSON object");
    for (const auto& [id, entry] : json.items()) {
        StepOutcome outcome{.exit_status = entry.value("exit_status", 0),
                            .conflicts = entry.value("conflicts", std::vector<std::string>{})};
        if (entry.contains("error"))
            outcome.error = Error{ErrorKind::failed, "", entry["error"].get<std::string>()};
        outcomes[id] = std::move(outcome);
    }
    return outcomes;
}

}  // namespace

Result<StepResult> play_task(const Scenario& scenario, GitWorkspace& git, const fs::path& workdir,
                             const std::string& step_id) {
    const Step* step = nullptr;
    for (const Step* candidate : all_steps(scenario))
        if (candidate->id == step_id) step = candidate;
    if (!step) return fail(ErrorKind::usage, scenario.file, "no step " + step_id);
    std::error_code error;
    fs::create_directories(workdir, error);
    if (error) return fail(ErrorKind::failed, workdir.string(), error.message());
    const fs::path file = workdir / kOutcomesFile;
    auto outcomes = load(file);
    if (!outcomes) return std::unexpected(outcomes.error());
    StepResult result = play_step(scenario, git, workdir, *step, *outcomes);
    if (auto saved = write_file_atomically(file, to_json(*outcomes).dump(), 0644); !saved)
        return std::unexpected(saved.error());
    return result;
}

}  // namespace girofle::gravity
