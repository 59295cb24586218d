#include "core/gravity/bpmn_writer.hpp"

#include <pugixml.hpp>

#include <sstream>

#include "core/gravity/step_table.hpp"

namespace girofle::gravity {
namespace {

// Diagram geometry, in BPMN DI units (pixels in modelers).
constexpr int kColumn = 150;          // horizontal distance between nodes
constexpr int kRow = 200;             // vertical distance between parallel branches
constexpr int kTop = 80;              // the first row's top
constexpr int kTaskWidth = 100, kTaskHeight = 80;
constexpr int kEventSize = 36, kGatewaySize = 50;

struct Bounds {
    int x = 0, y = 0, width = 0, height = 0;
    int center_y() const { return y + height / 2; }
    int right() const { return x + width; }
};

struct Flow {
    std::string id, from, to;
};
struct PlacedNode {
    pugi::xml_node node;
    Bounds bounds;
};

class Writer {
public:
    explicit Writer(const Scenario& scenario) : scenario_(scenario) {}

    std::string write() {
        pugi::xml_node declaration = document_.append_child(pugi::node_declaration);
        declaration.append_attribute("version") = "1.0";
        declaration.append_attribute("encoding") = "UTF-8";
        definitions_ = document_.append_child("bpmn:definitions");
        for (auto [prefix, uri] : {std::pair{"xmlns:bpmn", "http://www.omg.org/spec/BPMN/20100524/MODEL"},
                                   {"xmlns:bpmndi", "http://www.omg.org/spec/BPMN/20100524/DI"},
                                   {"xmlns:dc", "http://www.omg.org/spec/DD/20100524/DC"},
                                   {"xmlns:di", "http://www.omg.org/spec/DD/20100524/DI"},
                                   {"xmlns:camunda", "http://camunda.org/schema/1.0/bpmn"},
                                   {"xmlns:modeler", "http://camunda.org/schema/modeler/1.0"},
                                   {"xmlns:girofle", kGravityNamespace}})
            definitions_.append_attribute(prefix) = uri;
        definitions_.append_attribute("id") = "Definitions_gravity";
        definitions_.append_attribute("targetNamespace") = "https://girofle.dev/gravity";
        definitions_.append_attribute("exporter") = "Girofle";
        definitions_.append_attribute("exporterVersion") = GIROFLE_VERSION;
        definitions_.append_attribute("modeler:executionPlatform") = "Camunda Platform";
        definitions_.append_attribute("modeler:executionPlatformVersion") = "7.21.0";

        pugi::xml_node error = definitions_.append_child("bpmn:error");
        error.append_attribute("id") = "Error_expectation";
        error.append_attribute("name") = "Expectation failed";
        error.append_attribute("errorCode") = kExpectationErrorCode;

        process_ = definitions_.append_child("bpmn:process");
        process_.append_attribute("id") = ("Process_" + xml_name(scenario_.name)).c_str();
        process_.append_attribute("name") = scenario_.name.c_str();
        process_.append_attribute("isExecutable") = "true";
        process_.append_attribute("camunda:historyTimeToLive") = "P30D";
        write_scenario_header(process_.append_child("bpmn:extensionElements"));

        pugi::xml_node diagram = definitions_.append_child("bpmndi:BPMNDiagram");
        diagram.append_attribute("id") = "Diagram_gravity";
        plane_ = diagram.append_child("bpmndi:BPMNPlane");
        plane_.append_attribute("id") = "Plane_gravity";
        plane_.append_attribute("bpmnElement") = process_.attribute("id").value();

        lay_out_and_connect();

        std::ostringstream text;
        document_.save(text, "  ", pugi::format_default, pugi::encoding_utf8);
        return text.str();
    }

private:
    // Scenario names may hold anything; an XML id may not.
    static std::string xml_name(const std::string& text) {
        std::string name;
        for (char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return name.empty() ? "scenario" : name;
    }

    void write_scenario_header(pugi::xml_node extensions) {
        pugi::xml_node header = extensions.append_child("girofle:scenario");
        header.append_attribute("version") = scenario_.version;
        header.append_attribute("name") = scenario_.name.c_str();
        header.append_attribute("clockStart") = static_cast<long long>(scenario_.clock.start);
        header.append_attribute("clockTick") = static_cast<long long>(scenario_.clock.tick);
        for (const auto& [name, repository] : scenario_.repositories) {
            pugi::xml_node node = header.append_child("girofle:repository");
            node.append_attribute("name") = name.c_str();
            node.append_attribute("bare") = repository.bare;
            if (!repository.url.empty()) node.append_attribute("url") = repository.url.c_str();
            if (!repository.instance.empty()) {
                node.append_attribute("instance") = repository.instance.c_str();
                node.append_attribute("project") = repository.project.c_str();
            }
        }
        for (const auto& [name, identity] : scenario_.identities) {
            pugi::xml_node node = header.append_child("girofle:identity");
            node.append_attribute("name") = name.c_str();
            node.append_attribute("fullName") = identity.name.c_str();
            node.append_attribute("email") = identity.email.c_str();
        }
    }

    // Nodes are created first (in process order), flows after, so that each node's
    // incoming and outgoing children can be appended in the XSD's order.
    void lay_out_and_connect() {
        int column = 0;
        std::string previous = add_event("StartEvent_1", "Start", "bpmn:startEvent", column++, 0);
        int gateways = 0;
        for (const StepNode& node : scenario_.steps) {
            if (const auto* step = std::get_if<Step>(&node)) {
                add_task(*step, column++, 0);
                connect(previous, step->id);
                previous = step->id;
                continue;
            }
            const auto& block = std::get<ParallelBlock>(node);
            ++gateways;
            const std::string fork = block.id;
            const std::string join = block.id + "_join";
            add_gateway(fork, "Fork " + block.id, column, 0);
            connect(previous, fork);
            std::size_t longest = 0;
            int row = 0;
            for (const auto& [branch, steps] : block.branches) {
                std::string last = fork;
                int branch_column = column + 1;
                for (const Step& step : steps) {
                    add_task(step, branch_column++, row, branch);
                    connect(last, step.id);
                    last = step.id;
                }
                pending_joins_.push_back({last, join});
                longest = std::max(longest, steps.size());
                ++row;
            }
            column += static_cast<int>(longest) + 1;
            add_gateway(join, "Join " + block.id, column++, 0);
            for (const auto& [from, to] : pending_joins_) connect(from, to);
            pending_joins_.clear();
            previous = join;
        }
        add_event("EndEvent_1", "Scenario passed", "bpmn:endEvent", column, 0);
        connect(previous, "EndEvent_1");
        (void)gateways;
        finish_nodes();
    }

    Bounds place(int column, int row, int width, int height) {
        const int x = 50 + column * kColumn + (kTaskWidth - width) / 2;
        const int y = kTop + row * kRow + (kTaskHeight - height) / 2;
        return {x, y, width, height};
    }

    std::string add_event(const std::string& id, const std::string& name, const char* element,
                          int column, int row) {
        pugi::xml_node node = process_.append_child(element);
        node.append_attribute("id") = id.c_str();
        node.append_attribute("name") = name.c_str();
        remember(id, node, place(column, row, kEventSize, kEventSize));
        return id;
    }

    void add_gateway(const std::string& id, const std::string& name, int column, int row) {
        pugi::xml_node node = process_.append_child("bpmn:parallelGateway");
        node.append_attribute("id") = id.c_str();
        node.append_attribute("name") = name.c_str();
        remember(id, node, place(column, row, kGatewaySize, kGatewaySize));
    }

    // `branch`: the parallel branch the step belongs to, if any.
    void add_task(const Step& step, int column, int row, const std::string& branch = "") {
        const StepKind& kind = *find_step_kind(step.kind);
        pugi::xml_node task = process_.append_child("bpmn:serviceTask");
        task.append_attribute("id") = step.id.c_str();
        task.append_attribute("name") = kind.label(step).c_str();
        task.append_attribute("camunda:type") = "external";
        task.append_attribute("camunda:topic") = (std::string(kTopicPrefix) + step.kind).c_str();
        pugi::xml_node extensions = task.append_child("bpmn:extensionElements");
        pugi::xml_node io = extensions.append_child("camunda:inputOutput");
        for (const auto& [name, value] : step.fields) {
            pugi::xml_node parameter = io.append_child("camunda:inputParameter");
            parameter.append_attribute("name") = name.c_str();
            parameter.text() = value.c_str();
        }
        pugi::xml_node meta = extensions.append_child("girofle:step");
        meta.append_attribute("kind") = step.kind.c_str();
        meta.append_attribute("position") = step.position;
        if (!branch.empty()) meta.append_attribute("branch") = branch.c_str();
        const Bounds bounds = place(column, row, kTaskWidth, kTaskHeight);
        remember(step.id, task, bounds);
        if (step.kind == "expect") add_failure_path(step.id, bounds);
    }

    // An error boundary event on the task's lower edge, and an error end event below it.
    void add_failure_path(const std::string& task_id, const Bounds& task) {
        const std::string boundary_id = task_id + "_failed";
        pugi::xml_node boundary = process_.append_child("bpmn:boundaryEvent");
        boundary.append_attribute("id") = boundary_id.c_str();
        boundary.append_attribute("name") = "False";
        boundary.append_attribute("attachedToRef") = task_id.c_str();
        remember(boundary_id, boundary,
                 {task.x + (kTaskWidth - kEventSize) / 2, task.y + kTaskHeight - kEventSize / 2,
                  kEventSize, kEventSize});
        const std::string end_id = task_id + "_end";
        pugi::xml_node end = process_.append_child("bpmn:endEvent");
        end.append_attribute("id") = end_id.c_str();
        end.append_attribute("name") = "Expectation failed";
        remember(end_id, end,
                 {task.x + (kTaskWidth - kEventSize) / 2, task.y + kTaskHeight + 60, kEventSize,
                  kEventSize});
        connect(boundary_id, end_id);
        event_definitions_.push_back({boundary, "bpmn:errorEventDefinition"});
        event_definitions_.push_back({end, "bpmn:errorEventDefinition"});
    }

    void remember(const std::string& id, pugi::xml_node node, Bounds bounds) {
        nodes_[id] = {node, bounds};
        pugi::xml_node shape = plane_.append_child("bpmndi:BPMNShape");
        shape.append_attribute("id") = (id + "_di").c_str();
        shape.append_attribute("bpmnElement") = id.c_str();
        pugi::xml_node box = shape.append_child("dc:Bounds");
        box.append_attribute("x") = bounds.x;
        box.append_attribute("y") = bounds.y;
        box.append_attribute("width") = bounds.width;
        box.append_attribute("height") = bounds.height;
        if (node.attribute("name")) {
            pugi::xml_node label = shape.append_child("bpmndi:BPMNLabel");
            pugi::xml_node label_box = label.append_child("dc:Bounds");
            const bool is_task = bounds.width == kTaskWidth;
            label_box.append_attribute("x") = is_task ? bounds.x : bounds.x - 32;
            label_box.append_attribute("y") = is_task ? bounds.y : bounds.y + bounds.height + 4;
            label_box.append_attribute("width") = is_task ? bounds.width : bounds.width + 64;
            label_box.append_attribute("height") = is_task ? bounds.height : 27;
        }
    }

    void connect(const std::string& from, const std::string& to) {
        const std::string id = "Flow_" + std::to_string(++flow_count_);
        flows_.push_back({id, from, to});
    }

    // Appends incoming/outgoing children and event definitions, then the flows and edges.
    void finish_nodes() {
        for (const Flow& flow : flows_) {
            nodes_[flow.from].node.append_child("bpmn:outgoing").text() = flow.id.c_str();
            nodes_[flow.to].node.append_child("bpmn:incoming").text() = flow.id.c_str();
        }
        // Event definitions come after incoming and outgoing (BPMN20.xsd, tEvent).
        for (auto [node, definition] : event_definitions_) {
            pugi::xml_node child = node.append_child(definition);
            child.append_attribute("id") = (std::string(node.attribute("id").value()) + "_error").c_str();
            child.append_attribute("errorRef") = "Error_expectation";
        }
        for (const Flow& flow : flows_) {
            pugi::xml_node element = process_.append_child("bpmn:sequenceFlow");
            element.append_attribute("id") = flow.id.c_str();
            element.append_attribute("sourceRef") = flow.from.c_str();
            element.append_attribute("targetRef") = flow.to.c_str();
            add_edge(flow);
        }
    }

    void add_edge(const Flow& flow) {
        const Bounds& from = nodes_[flow.from].bounds;
        const Bounds& to = nodes_[flow.to].bounds;
        pugi::xml_node edge = plane_.append_child("bpmndi:BPMNEdge");
        edge.append_attribute("id") = (flow.id + "_di").c_str();
        edge.append_attribute("bpmnElement") = flow.id.c_str();
        auto point = [&](int x, int y) {
            pugi::xml_node waypoint = edge.append_child("di:waypoint");
            waypoint.append_attribute("x") = x;
            waypoint.append_attribute("y") = y;
        };
        if (nodes_[flow.from].node.name() == std::string("bpmn:boundaryEvent")) {
            point(from.x + from.width / 2, from.y + from.height);  // straight down
            point(to.x + to.width / 2, to.y);
            return;
        }
        point(from.right(), from.center_y());
        if (from.center_y() != to.center_y()) {
            // Leave a gateway vertically, or enter one, so the lines stay orthogonal.
            const bool leaving_gateway = from.width == kGatewaySize;
            const int turn_x = leaving_gateway ? from.x + from.width / 2 : to.x + to.width / 2;
            if (leaving_gateway) {
                edge.remove_child(edge.last_child());
                point(turn_x, from.center_y() < to.center_y() ? from.y + from.height : from.y);
                point(turn_x, to.center_y());
            } else {
                point(turn_x, from.center_y());
                point(turn_x, to.center_y() < from.center_y() ? to.y + to.height : to.y);
                return;
            }
        }
        point(to.x, to.center_y());
    }

    const Scenario& scenario_;
    pugi::xml_document document_;
    pugi::xml_node definitions_, process_, plane_;
    std::map<std::string, PlacedNode> nodes_;
    std::vector<Flow> flows_;
    std::vector<std::pair<std::string, std::string>> pending_joins_;
    std::vector<std::pair<pugi::xml_node, const char*>> event_definitions_;
    int flow_count_ = 0;
};

}  // namespace

std::string write_bpmn(const Scenario& scenario) { return Writer(scenario).write(); }

}  // namespace girofle::gravity
