// Repositories that live on a commissioned Girofle instance: their URL is the instance's
// external URL (from the inventory) followed by the project path.
#pragma once

#include <functional>
#include <string>

#include "core/error.hpp"
#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

// Gives an instance's external URL ("http://127.0.0.5") from its number or name.
using InstanceUrlLookup = std::function<Result<std::string>(const std::string& instance)>;

// Sets `url` of every repository declared with an instance. Errors: the lookup's, about the
// repository (an unknown instance is bad input: usage).
Result<void> resolve_instance_remotes(Scenario& scenario, const InstanceUrlLookup& lookup);

bool uses_instances(const Scenario& scenario);

}  // namespace girofle::gravity
