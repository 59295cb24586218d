#include "core/gravity/validation.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "core/gravity/step_table.hpp"

namespace girofle::gravity {
namespace {

// Kinds that reach the remote a clone came from: two parallel branches doing so on one
// remote would race.
bool reaches_remote(const std::string& kind) {
    return kind == "fetch" || kind == "pull" || kind == "push" || kind == "sync";
}

bool escapes(const std::string& path) {
    if (path.empty() || path.front() == '/') return true;
    std::size_t at = 0;
    bool first = true;
    while (at <= path.size()) {
        std::size_t slash = path.find('/', at);
        if (slash == std::string::npos) slash = path.size();
        const std::string part = path.substr(at, slash - at);
        if (part == ".." || (first && part == ".git")) return true;
        first = false;
        at = slash + 1;
    }
    return false;
}

class Validator {
public:
    explicit Validator(const Scenario& scenario) : scenario_(scenario) {}

    Result<void> run() {
        for (const StepNode& node : scenario_.steps) {
            if (const auto* step = std::get_if<Step>(&node)) {
                if (auto checked = check_step(*step); !checked) return checked;
                continue;
            }
            if (auto checked = check_block(std::get<ParallelBlock>(node)); !checked)
                return checked;
        }
        return {};
    }

private:
    std::unexpected<Error> error(const Step& step, std::string cause) const {
        return std::unexpected(scenario_error(scenario_.file, step.origin, step.id, std::move(cause)));
    }

    Result<void> claim_id(const std::string& id, Origin origin) {
        if (!is_valid_step_id(id))
            return std::unexpected(scenario_error(
                scenario_.file, origin, id,
                "a step id holds letters, digits, _, - and . and starts with a letter or _"));
        if (!ids_.insert(id).second)
            return std::unexpected(
                scenario_error(scenario_.file, origin, id, "duplicate step id " + id));
        return {};
    }

    Result<void> check_block(const ParallelBlock& block) {
        if (auto claimed = claim_id(block.id, block.origin); !claimed) return claimed;
        std::map<std::string, std::string> owner;  // repository -> branch touching it
        for (const auto& [branch, steps] : block.branches) {
            for (const Step& step : steps) {
                if (auto checked = check_step(step); !checked) return checked;
                for (const std::string& repository : touched(step)) {
                    auto [found, fresh] = owner.emplace(repository, branch);
                    if (!fresh && found->second != branch)
                        return error(step, "parallel branches " + found->second + " and " +
                                               branch + " both touch repository " + repository);
                }
            }
        }
        return {};
    }

    std::set<std::string> touched(const Step& step) const {
        std::set<std::string> repositories;
        const StepKind* kind = find_step_kind(step.kind);
        for (const FieldSpec& field : kind->fields())
            if (field.type == FieldType::repository && step.fields.contains(field.name))
                repositories.insert(step.fields.at(field.name));
        auto remote = remote_of_.find(step.field("repository"));
        if (reaches_remote(step.kind) && remote != remote_of_.end())
            repositories.insert(remote->second);
        return repositories;
    }

    Result<void> check_step(const Step& step) {
        if (auto claimed = claim_id(step.id, step.origin); !claimed) return claimed;
        const StepKind* kind = find_step_kind(step.kind);
        if (!kind) return error(step, "unknown step kind " + step.kind);
        std::vector<FieldSpec> fields = kind->fields();
        if (kind->may_fail()) fields.push_back({"expect_failure", FieldType::boolean, false});
        for (const auto& [name, value] : step.fields)
            if (std::ranges::none_of(fields, [&](const FieldSpec& f) { return f.name == name; }))
                return error(step, "unknown field " + name + " for a " + step.kind + " step");
        for (const FieldSpec& field : fields) {
            auto value = step.fields.find(field.name);
            if (value == step.fields.end()) {
                if (field.required) return error(step, "missing field " + field.name);
                continue;
            }
            if (auto problem = check_value(field, value->second))
                return error(step, "field " + field.name + ": " + *problem);
        }
        if (auto problem = kind->check(step)) return error(step, *problem);
        if (step.kind == "clone") remote_of_[step.field("repository")] = step.field("from");
        if (step.kind == "init" && step.fields.contains("origin"))
            remote_of_[step.field("repository")] = step.field("origin");
        earlier_steps_.insert(step.id);
        return {};
    }

    std::optional<std::string> check_value(const FieldSpec& field, const std::string& value) const {
        switch (field.type) {
            case FieldType::repository:
                if (!scenario_.repositories.contains(value))
                    return "undeclared repository " + value;
                return std::nullopt;
            case FieldType::identity:
                if (!scenario_.identities.contains(value)) return "undeclared identity " + value;
                return std::nullopt;
            case FieldType::path:
                if (escapes(value)) return "path " + value + " leaves the repository or enters .git";
                return std::nullopt;
            case FieldType::count:
                if (!std::regex_match(value, std::regex("[0-9]{1,9}")))
                    return value + " is not a non-negative integer";
                return std::nullopt;
            case FieldType::step:
                if (!earlier_steps_.contains(value)) return "no earlier step " + value;
                return std::nullopt;
            case FieldType::boolean:
                if (value != "true" && value != "false") return value + " is not true or false";
                return std::nullopt;
            case FieldType::choice:
                if (std::ranges::find(field.choices, value) == field.choices.end()) {
                    std::string choices;
                    for (const std::string& choice : field.choices)
                        choices += (choices.empty() ? "" : ", ") + choice;
                    return value + " is not one of " + choices;
                }
                return std::nullopt;
            case FieldType::text: return std::nullopt;
        }
        return std::nullopt;
    }

    const Scenario& scenario_;
    std::set<std::string> ids_;
    std::set<std::string> earlier_steps_;
    std::map<std::string, std::string> remote_of_;  // clone -> the repository it came from
};

}  // namespace

Error scenario_error(const std::string& file, Origin origin, const std::string& step_id,
                     std::string cause) {
    std::string object = file;
    if (origin.line > 0) object += ":" + std::to_string(origin.line);
    if (!step_id.empty()) object += ": step " + step_id;
    return Error{ErrorKind::usage, object, std::move(cause)};
}

bool is_valid_step_id(const std::string& id) {
    static const std::regex pattern("[A-Za-z_][A-Za-z0-9_.-]{0,127}");
    return std::regex_match(id, pattern);
}

Result<void> validate(const Scenario& scenario) {
    if (scenario.version != kScenarioVersion)
        return std::unexpected(scenario_error(scenario.file, {}, "",
                                              "unsupported version " +
                                                  std::to_string(scenario.version)));
    for (const auto& [name, repository] : scenario.repositories)
        if (!is_valid_step_id(name))
            return std::unexpected(scenario_error(scenario.file, repository.origin, "",
                                                  "repository name " + name +
                                                      " must be a plain directory name"));
    return Validator(scenario).run();
}

}  // namespace girofle::gravity
