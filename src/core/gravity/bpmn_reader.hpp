// Reads back a BPMN file that bpmn_writer.hpp wrote: the scenario header from girofle:scenario,
// then the steps by walking the sequence flows from the start event (forking and joining at
// parallel gateways), each service task's step from its girofle:step and camunda:inputParameter
// extension elements. The result is validated like a YAML scenario.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

// Errors (usage): not XML, not BPMN, a BPMN file Girofle did not write (no girofle:scenario of
// a version it reads), a task whose step kind it does not know, flows it did not lay out.
Result<Scenario> read_bpmn_file(const std::filesystem::path& file);
Result<Scenario> read_bpmn_text(const std::string& text, const std::string& file);

}  // namespace girofle::gravity
