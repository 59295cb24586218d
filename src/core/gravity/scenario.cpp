#include "core/gravity/scenario.hpp"

namespace girofle::gravity {

std::string Step::field(const std::string& name, const std::string& fallback) const {
    auto found = fields.find(name);
    return found == fields.end() ? fallback : found->second;
}

std::vector<const Step*> all_steps(const Scenario& scenario) {
    std::vector<const Step*> steps;
    for (const StepNode& node : scenario.steps) {
        if (const auto* step = std::get_if<Step>(&node)) {
            steps.push_back(step);
            continue;
        }
        for (const auto& [name, branch] : std::get<ParallelBlock>(node).branches)
            for (const Step& step : branch) steps.push_back(&step);
    }
    return steps;
}

}  // namespace girofle::gravity
