// The BPMN file is the scenario in another language: reading back what the writer wrote gives
// the same steps, fields, positions, parallel branches, repositories, identities and clock;
// the diagram has a shape per node and an edge per flow; foreign files are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "core/gravity/bpmn_reader.hpp"
#include "core/gravity/bpmn_writer.hpp"
#include "core/gravity/scenario_reader.hpp"

namespace girofle::gravity {
namespace {

using ::testing::HasSubstr;

const char* kScenario = R"(version: 1
name: round trip
clock: {start: "2024-02-03T04:05:06Z", tick: 7}
identities:
  alice: {name: "Alice <&> Martin", email: alice@example.org}
repositories:
  origin: {bare: true}
  alice: {}
  bob: {}
  wiki: {instance: wiki, project: team/w.git}
steps:
  - {id: init-origin, kind: init, repository: origin}
  - {id: clone-a, kind: clone, repository: alice, from: origin}
  - id: both
    parallel:
      left:
        - {id: write-a, kind: write, repository: alice, path: "a b.txt", content: "line 1\n  indented <xml> & \"quotes\"\n"}
        - {id: commit-a, kind: commit, repository: alice, message: First, identity: alice}
      right:
        - {id: clone-b, kind: clone, repository: bob, from: origin}
  - {id: check, kind: expect, check: commit_count, repository: alice, ref: main, count: 1}
  - {id: push-a, kind: push, repository: alice, expect_failure: true}
)";

void expect_same_step(const Step& read, const Step& written) {
    EXPECT_EQ(read.id, written.id);
    EXPECT_EQ(read.kind, written.kind);
    EXPECT_EQ(read.fields, written.fields) << read.id;
    EXPECT_EQ(read.position, written.position) << read.id;
}

TEST(BpmnRoundTrip, ReadingBackGivesTheSameScenario) {
    auto scenario = read_scenario_text(kScenario, "trip.yaml");
    ASSERT_TRUE(scenario) << scenario.error().message();
    auto back = read_bpmn_text(write_bpmn(*scenario), "trip.bpmn");
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->name, "round trip");
    EXPECT_EQ(back->clock.start, scenario->clock.start);
    EXPECT_EQ(back->clock.tick, 7);
    EXPECT_EQ(back->identities.at("alice").name, "Alice <&> Martin");
    EXPECT_TRUE(back->repositories.at("origin").bare);
    EXPECT_EQ(back->repositories.at("wiki").project, "team/w.git");
    const auto written = all_steps(*scenario), read = all_steps(*back);
    ASSERT_EQ(read.size(), written.size());
    for (std::size_t i = 0; i < read.size(); ++i) expect_same_step(*read[i], *written[i]);
    const auto& block = std::get<ParallelBlock>(back->steps.at(2));
    ASSERT_EQ(block.branches.size(), 2u);
    EXPECT_EQ(block.branches[0].first, "left");
    EXPECT_EQ(block.branches[1].first, "right");
}

TEST(BpmnWriter, WritesAnExecutableCamundaProcessWithACompleteDiagram) {
    auto scenario = read_scenario_text(kScenario, "trip.yaml");
    ASSERT_TRUE(scenario) << scenario.error().message();
    pugi::xml_document document;
    ASSERT_TRUE(document.load_string(write_bpmn(*scenario).c_str()));
    auto definitions = document.child("bpmn:definitions");
    EXPECT_STREQ(definitions.attribute("modeler:executionPlatform").value(), "Camunda Platform");
    auto process = definitions.child("bpmn:process");
    EXPECT_STREQ(process.attribute("isExecutable").value(), "true");
    EXPECT_STREQ(process.attribute("camunda:historyTimeToLive").value(), "P30D");
    auto task = process.find_child_by_attribute("bpmn:serviceTask", "id", "commit-a");
    EXPECT_STREQ(task.attribute("camunda:type").value(), "external");
    EXPECT_STREQ(task.attribute("camunda:topic").value(), "gravity-commit");
    EXPECT_STREQ(task.attribute("name").value(), "commit in alice: First");
    EXPECT_TRUE(process.find_child_by_attribute("bpmn:boundaryEvent", "attachedToRef", "check"));
    EXPECT_EQ(std::distance(process.children("bpmn:parallelGateway").begin(),
                            process.children("bpmn:parallelGateway").end()), 2);

    std::size_t nodes = 0, flows = 0, shapes = 0, edges = 0;
    for (auto child : process.children()) {
        const std::string name = child.name();
        if (name == "bpmn:sequenceFlow") ++flows;
        else if (name != "bpmn:extensionElements") ++nodes;
    }
    auto plane = definitions.child("bpmndi:BPMNDiagram").child("bpmndi:BPMNPlane");
    for (auto child : plane.children()) {
        const std::string name = child.name();
        shapes += name == "bpmndi:BPMNShape";
        edges += name == "bpmndi:BPMNEdge";
    }
    EXPECT_EQ(shapes, nodes);
    EXPECT_EQ(edges, flows);
    // Left to right: each flow of the main line goes rightwards.
    int start_x = plane.find_child_by_attribute("bpmndi:BPMNShape", "bpmnElement", "StartEvent_1")
                      .child("dc:Bounds").attribute("x").as_int();
    int end_x = plane.find_child_by_attribute("bpmndi:BPMNShape", "bpmnElement", "EndEvent_1")
                    .child("dc:Bounds").attribute("x").as_int();
    EXPECT_LT(start_x, end_x);
}

TEST(BpmnReader, RefusesFilesGravityDidNotWrite) {
    auto not_xml = read_bpmn_text("<bpmn:definitions", "x.bpmn");
    ASSERT_FALSE(not_xml);
    EXPECT_EQ(not_xml.error().exit_status(), 2);
    auto foreign = read_bpmn_text(
        R"(<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"/></definitions>)",
        "foreign.bpmn");
    ASSERT_FALSE(foreign);
    EXPECT_THAT(foreign.error().message(), HasSubstr("not written by girofle gravity"));
    auto other = read_bpmn_text(R"(<html><body/></html>)", "page.bpmn");
    ASSERT_FALSE(other);
    EXPECT_THAT(other.error().message(), HasSubstr("not a BPMN 2.0 document"));
}

}  // namespace
}  // namespace girofle::gravity
