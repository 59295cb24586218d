#include "core/gravity/bpmn_reader.hpp"

#include <pugixml.hpp>

#include <map>

#include "core/gravity/bpmn_writer.hpp"
#include "core/gravity/step_table.hpp"
#include "core/file_io.hpp"
#include "core/gravity/validation.hpp"

namespace girofle::gravity {
namespace {

constexpr const char* kBpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";
constexpr const char* kCamundaNamespace = "http://camunda.org/schema/1.0/bpmn";

// An element's name without its prefix, and the namespace its prefix stands for (declared on
// it or an ancestor): files may use any prefixes.
std::string local_name(const pugi::xml_node& node) {
    const std::string name = node.name();
    const auto colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
}

std::string namespace_of(const pugi::xml_node& node) {
    const std::string name = node.name();
    const auto colon = name.find(':');
    const std::string attribute =
        colon == std::string::npos ? "xmlns" : "xmlns:" + name.substr(0, colon);
    for (pugi::xml_node at = node; at; at = at.parent())
        if (pugi::xml_attribute declared = at.attribute(attribute.c_str())) return declared.value();
    return {};
}

bool is(const pugi::xml_node& node, const char* uri, const char* name) {
    return node.type() == pugi::node_element && local_name(node) == name && namespace_of(node) == uri;
}

pugi::xml_node child(const pugi::xml_node& parent, const char* uri, const char* name) {
    for (pugi::xml_node node : parent.children())
        if (is(node, uri, name)) return node;
    return {};
}

class BpmnReader {
public:
    explicit BpmnReader(std::string file) : file_(std::move(file)) {}

    Result<Scenario> read(const pugi::xml_document& document) {
        pugi::xml_node definitions = document.document_element();
        if (!is(definitions, kBpmnNamespace, "definitions"))
            return refuse("not a BPMN 2.0 document (no bpmn:definitions)");
        pugi::xml_node process = child(definitions, kBpmnNamespace, "process");
        if (!process) return refuse("no process");
        pugi::xml_node header =
            child(child(process, kBpmnNamespace, "extensionElements"), kGravityNamespace, "scenario");
        if (!header) return refuse("not written by girofle gravity (no girofle:scenario)");
        Scenario scenario{.file = file_, .version = header.attribute("version").as_int()};
        if (scenario.version != kScenarioVersion)
            return refuse("girofle:scenario version " + std::to_string(scenario.version) +
                          " (this Girofle reads 1)");
        scenario.name = header.attribute("name").value();
        scenario.clock = {header.attribute("clockStart").as_llong(),
                          header.attribute("clockTick").as_llong(60)};
        for (pugi::xml_node node : header.children()) {
            if (is(node, kGravityNamespace, "repository"))
                scenario.repositories[node.attribute("name").value()] = {
                    node.attribute("name").value(), node.attribute("bare").as_bool(),
                    node.attribute("url").value(), node.attribute("instance").value(),
                    node.attribute("project").value(), {}};
            else if (is(node, kGravityNamespace, "identity"))
                scenario.identities[node.attribute("name").value()] = {
                    node.attribute("fullName").value(), node.attribute("email").value(), {}};
        }
        index(process);
        auto steps = walk(scenario);
        if (!steps) return std::unexpected(steps.error());
        scenario.steps = std::move(*steps);
        if (auto valid = validate(scenario); !valid) return std::unexpected(valid.error());
        return scenario;
    }

private:
    std::unexpected<Error> refuse(std::string cause) const {
        return std::unexpected(Error{ErrorKind::usage, file_, std::move(cause)});
    }

    void index(const pugi::xml_node& process) {
        for (pugi::xml_node node : process.children()) {
            if (node.type() != pugi::node_element || namespace_of(node) != kBpmnNamespace) continue;
            const std::string id = node.attribute("id").value();
            if (local_name(node) == "sequenceFlow") {
                outgoing_[node.attribute("sourceRef").value()].push_back(
                    {node.attribute("targetRef").value(), node.attribute("name").value()});
                continue;
            }
            nodes_[id] = node;
        }
    }

    // The single next node after `id`; an error when the flows branch where no gateway is.
    Result<std::string> next_of(const std::string& id) const {
        auto found = outgoing_.find(id);
        if (found == outgoing_.end() || found->second.size() != 1)
            return refuse("node " + id + " does not have exactly one outgoing flow");
        return found->second.front().first;
    }

    Result<std::vector<StepNode>> walk(const Scenario& scenario) {
        std::string at;
        for (const auto& [id, node] : nodes_)
            if (local_name(node) == "startEvent") at = id;
        if (at.empty()) return refuse("no start event");
        std::vector<StepNode> steps;
        for (std::size_t guard = 0; guard <= nodes_.size(); ++guard) {
            auto next = next_of(at);
            if (!next) return std::unexpected(next.error());
            at = *next;
            const pugi::xml_node node = nodes_[at];
            const std::string kind = local_name(node);
            if (kind == "endEvent") return steps;
            if (kind == "serviceTask") {
                auto step = read_task(node, scenario);
                if (!step) return std::unexpected(step.error());
                steps.push_back(std::move(*step));
                continue;
            }
            if (kind != "parallelGateway") return refuse("unexpected element " + std::string(node.name()) + " " + at);
            auto block = read_block(at, scenario);
            if (!block) return std::unexpected(block.error());
            steps.push_back(std::move(block->first));
            at = block->second;
        }
        return refuse("the flows loop");
    }

    // A fork's branches up to their common join; returns the block and the join's id.
    Result<std::pair<ParallelBlock, std::string>> read_block(const std::string& fork,
                                                             const Scenario& scenario) {
        ParallelBlock block{.id = fork};
        std::string join;
        for (const auto& [target, flow_name] : outgoing_[fork]) {
            std::vector<Step> steps;
            std::string branch_name;
            std::string at = target;
            while (local_name(nodes_[at]) == "serviceTask") {
                auto step = read_task(nodes_[at], scenario);
                if (!step) return std::unexpected(step.error());
                if (branch_name.empty()) branch_name = branch_of(nodes_[at]);
                steps.push_back(std::move(*step));
                auto next = next_of(at);
                if (!next) return std::unexpected(next.error());
                at = *next;
            }
            if (local_name(nodes_[at]) != "parallelGateway" || (!join.empty() && join != at))
                return refuse("the branches of " + fork + " do not meet at one parallel gateway");
            join = at;
            block.branches.emplace_back(branch_name, std::move(steps));
        }
        if (join.empty()) return refuse("parallel gateway " + fork + " forks nothing");
        return std::pair{std::move(block), join};
    }

    static std::string branch_of(const pugi::xml_node& task) {
        return child(child(task, kBpmnNamespace, "extensionElements"), kGravityNamespace, "step")
            .attribute("branch")
            .value();
    }

    Result<Step> read_task(const pugi::xml_node& task, const Scenario&) const {
        const std::string id = task.attribute("id").value();
        pugi::xml_node extensions = child(task, kBpmnNamespace, "extensionElements");
        pugi::xml_node meta = child(extensions, kGravityNamespace, "step");
        if (!meta) return refuse("task " + id + " is not a gravity step (no girofle:step)");
        Step step{.id = id, .kind = meta.attribute("kind").value(),
                  .position = meta.attribute("position").as_int()};
        if (!find_step_kind(step.kind))
            return std::unexpected(scenario_error(file_, {}, id, "unknown step kind " + step.kind));
        for (pugi::xml_node parameter :
             child(extensions, kCamundaNamespace, "inputOutput").children())
            if (is(parameter, kCamundaNamespace, "inputParameter"))
                step.fields[parameter.attribute("name").value()] = parameter.text().get();
        return step;
    }

    std::string file_;
    std::map<std::string, pugi::xml_node> nodes_;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> outgoing_;
};

}  // namespace

Result<Scenario> read_bpmn_text(const std::string& text, const std::string& file) {
    pugi::xml_document document;
    pugi::xml_parse_result parsed = document.load_string(text.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed)
        return fail(ErrorKind::usage, file,
                    std::string("not XML: ") + parsed.description() + " at byte " +
                        std::to_string(parsed.offset));
    return BpmnReader(file).read(document);
}

Result<Scenario> read_bpmn_file(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    // A file the user named that cannot be read is bad input: nothing was done yet.
    if (!text) return std::unexpected(Error{ErrorKind::usage, file.string(), text.error().cause});
    return read_bpmn_text(*text, file.string());
}

}  // namespace girofle::gravity
