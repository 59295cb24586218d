#include "core/gravity/scenario_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "core/clock.hpp"
#include "core/file_io.hpp"
#include "core/gravity/validation.hpp"

namespace girofle::gravity {
namespace {

Origin origin_of(const YAML::Node& node) { return {node.Mark().line + 1}; }

// Reads the document's nodes, remembering where each came from; the first error wins.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    Result<Scenario> read(const YAML::Node& root) {
        Scenario scenario{.file = file_};
        if (!root.IsMap()) return error(root, "", "a scenario is a mapping (version, steps, ...)");
        static const std::set<std::string> known{"version", "name",       "clock",
                                                 "identities", "repositories", "steps"};
        for (const auto& entry : root) {
            const std::string key = entry.first.Scalar();
            if (!known.contains(key)) return error(entry.first, "", "unknown key " + key);
        }
        if (!root["version"]) return error(root, "", "missing version (this Girofle reads 1)");
        if (root["version"].Scalar() != std::to_string(kScenarioVersion))
            return error(root["version"], "",
                         "unsupported version " + root["version"].Scalar() + " (this Girofle reads 1)");
        scenario.name = root["name"] ? root["name"].Scalar() : "scenario";
        if (auto clock = read_clock(root["clock"], scenario.clock); !clock)
            return std::unexpected(clock.error());
        if (auto identities = read_identities(root["identities"], scenario); !identities)
            return std::unexpected(identities.error());
        if (auto repositories = read_repositories(root["repositories"], scenario); !repositories)
            return std::unexpected(repositories.error());
        const YAML::Node steps = root["steps"];
        if (!steps || !steps.IsSequence() || steps.size() == 0)
            return error(steps ? steps : root, "", "steps must be a non-empty list");
        for (const YAML::Node& node : steps) {
            auto step = read_node(node);
            if (!step) return std::unexpected(step.error());
            scenario.steps.push_back(std::move(*step));
        }
        return scenario;
    }

private:
    std::unexpected<Error> error(const YAML::Node& node, const std::string& step,
                                 std::string cause) const {
        return std::unexpected(scenario_error(file_, origin_of(node), step, std::move(cause)));
    }

    Result<void> read_clock(const YAML::Node& node, Clock& clock) const {
        if (!node) return {};
        if (!node.IsMap()) return error(node, "", "clock is a mapping (start, tick)");
        for (const auto& entry : node)
            if (entry.first.Scalar() != "start" && entry.first.Scalar() != "tick")
                return error(entry.first, "", "unknown clock key " + entry.first.Scalar());
        if (node["start"]) {
            auto start = parse_rfc3339_utc(node["start"].Scalar());
            if (!start)
                return error(node["start"], "", "clock start must look like 2024-01-01T00:00:00Z");
            clock.start = std::chrono::duration_cast<std::chrono::seconds>(
                              start->time_since_epoch()).count();
        }
        if (node["tick"]) {
            const std::string tick = node["tick"].Scalar();
            if (!std::regex_match(tick, std::regex("[1-9][0-9]{0,8}")))
                return error(node["tick"], "", "clock tick must be a positive number of seconds");
            clock.tick = std::stoll(tick);
        }
        return {};
    }

    Result<void> read_identities(const YAML::Node& node, Scenario& scenario) const {
        if (!node) return {};
        if (!node.IsMap()) return error(node, "", "identities is a mapping of names");
        for (const auto& entry : node) {
            const YAML::Node& value = entry.second;
            const std::string name = entry.first.Scalar();
            if (!value.IsMap() || !value["name"] || !value["email"] || value.size() != 2)
                return error(entry.first, "", "identity " + name + " needs exactly name and email");
            scenario.identities[name] = {value["name"].Scalar(), value["email"].Scalar(),
                                         origin_of(entry.first)};
        }
        return {};
    }

    Result<void> read_repositories(const YAML::Node& node, Scenario& scenario) const {
        if (!node || !node.IsMap() || node.size() == 0)
            return error(node ? node : YAML::Node(), "", "repositories must be a non-empty mapping");
        for (const auto& entry : node) {
            const std::string name = entry.first.Scalar();
            Repository repository{.name = name, .origin = origin_of(entry.first)};
            const YAML::Node& value = entry.second;
            if (!value.IsNull() && !value.IsMap())
                return error(entry.first, "", "repository " + name + " is a mapping (bare, url, instance, project)");
            if (value.IsMap()) {
                for (const auto& field : value) {
                    const std::string key = field.first.Scalar();
                    if (key == "bare") repository.bare = field.second.Scalar() == "true";
                    else if (key == "url") {
                        auto url = expand_environment(field.second.Scalar());
                        if (!url) return error(field.second, "", "repository " + name + ": " + url.error());
                        repository.url = *url;
                    } else if (key == "instance") repository.instance = field.second.Scalar();
                    else if (key == "project") repository.project = field.second.Scalar();
                    else return error(field.first, "", "repository " + name + ": unknown key " + key);
                }
                if (repository.instance.empty() != repository.project.empty())
                    return error(entry.first, "", "repository " + name + ": instance and project go together");
                if (!repository.instance.empty() && (!repository.url.empty() || repository.bare))
                    return error(entry.first, "", "repository " + name + ": an instance's project has no url nor bare");
            }
            scenario.repositories[name] = repository;
        }
        return {};
    }

    // ${NAME} from the environment, so that a test can point a scenario at the server it
    // started; an unset variable is an error rather than an empty URL.
    static std::expected<std::string, std::string> expand_environment(const std::string& text) {
        std::string out;
        std::size_t at = 0;
        while (true) {
            const std::size_t open = text.find("${", at);
            if (open == std::string::npos) break;
            const std::size_t close = text.find('}', open);
            if (close == std::string::npos) return std::unexpected("unclosed ${ in " + text);
            const std::string variable = text.substr(open + 2, close - open - 2);
            const char* value = std::getenv(variable.c_str());
            if (!value) return std::unexpected("environment variable " + variable + " is not set");
            out += text.substr(at, open - at) + value;
            at = close + 1;
        }
        return out + text.substr(at);
    }

    Result<StepNode> read_node(const YAML::Node& node) {
        if (!node.IsMap()) return error(node, "", "a step is a mapping with an id");
        const std::string id = node["id"] ? node["id"].Scalar() : "";
        if (id.empty()) return error(node, "", "a step without an id");
        if (!node["parallel"]) return read_step(node, id);
        ParallelBlock block{.id = id, .origin = origin_of(node)};
        if (node.size() != 2) return error(node, id, "a parallel block has only id and parallel");
        const YAML::Node branches = node["parallel"];
        if (!branches.IsMap() || branches.size() < 2)
            return error(branches, id, "parallel needs at least two named branches");
        for (const auto& branch : branches) {
            std::vector<Step> steps;
            if (!branch.second.IsSequence() || branch.second.size() == 0)
                return error(branch.first, id, "branch " + branch.first.Scalar() + " must list steps");
            for (const YAML::Node& inner : branch.second) {
                if (!inner.IsMap() || inner["parallel"])
                    return error(inner, id, "a parallel branch holds plain steps only");
                const std::string inner_id = inner["id"] ? inner["id"].Scalar() : "";
                if (inner_id.empty()) return error(inner, "", "a step without an id");
                auto step = read_step(inner, inner_id);
                if (!step) return std::unexpected(step.error());
                steps.push_back(std::get<Step>(std::move(*step)));
            }
            block.branches.emplace_back(branch.first.Scalar(), std::move(steps));
        }
        return block;
    }

    Result<StepNode> read_step(const YAML::Node& node, const std::string& id) {
        Step step{.id = id, .position = next_position_++, .origin = origin_of(node)};
        if (!node["kind"]) return error(node, id, "missing field kind");
        for (const auto& entry : node) {
            const std::string key = entry.first.Scalar();
            if (key == "id") continue;
            if (!entry.second.IsScalar())
                return error(entry.second, id, "field " + key + " must be a single value");
            if (key == "kind") step.kind = entry.second.Scalar();
            else step.fields[key] = entry.second.Scalar();
        }
        return step;
    }

    std::string file_;
    int next_position_ = 0;
};

}  // namespace

Result<Scenario> read_scenario_text(const std::string& text, const std::string& file) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& bad) {
        return std::unexpected(scenario_error(file, {bad.mark.line + 1}, "", bad.msg));
    }
    auto scenario = Reader(file).read(root);
    if (!scenario) return scenario;
    if (auto valid = validate(*scenario); !valid) return std::unexpected(valid.error());
    return scenario;
}

Result<Scenario> read_scenario_file(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    // A file the user named that cannot be read is bad input: nothing was done yet.
    if (!text) return std::unexpected(Error{ErrorKind::usage, file.string(), text.error().cause});
    return read_scenario_text(*text, file.string());
}

}  // namespace girofle::gravity
