// A scenario as one executable BPMN 2.0 process (written with pugixml) that Camunda 7 can
// deploy and that `girofle gravity replay` and bpmn-engine execute:
// - a start event, one service task per step (id = step id, name = its readable label),
//   the step's fields as camunda:inputParameter and its kind in girofle:step, run by an
//   external worker (camunda:type="external", camunda:topic="gravity-KIND");
// - parallel gateways forking and joining each parallel block, the branch's name in each of
//   its steps' girofle:step;
// - on each expect task, an error boundary event leading to an error end event;
// - the scenario's repositories, identities and clock in girofle:scenario on the process;
// - a complete diagram laid out left to right: one BPMNShape per node, one BPMNEdge per flow.
// Namespaces and child order follow the OMG BPMN 2.0 XSDs (DESIGN §9).
#pragma once

#include <string>

#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

// The namespace of Girofle's own extension elements; a file without it is not ours.
inline constexpr const char* kGravityNamespace = "https://girofle.dev/schema/gravity/1";
// The Camunda topic prefix of every task: "gravity-commit".
inline constexpr const char* kTopicPrefix = "gravity-";
// The errorCode an expect task's worker reports when the expectation is false.
inline constexpr const char* kExpectationErrorCode = "gravity-expectation-failed";

// The BPMN document as text (UTF-8 XML).
std::string write_bpmn(const Scenario& scenario);

}  // namespace girofle::gravity
