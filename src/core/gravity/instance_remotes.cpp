#include "core/gravity/instance_remotes.hpp"

namespace girofle::gravity {

bool uses_instances(const Scenario& scenario) {
    for (const auto& [name, repository] : scenario.repositories)
        if (!repository.instance.empty()) return true;
    return false;
}

Result<void> resolve_instance_remotes(Scenario& scenario, const InstanceUrlLookup& lookup) {
    for (auto& [name, repository] : scenario.repositories) {
        if (repository.instance.empty()) continue;
        auto url = lookup(repository.instance);
        if (!url)
            return std::unexpected(url.error().about(scenario.file + ": repository " + name));
        std::string base = *url;
        while (!base.empty() && base.back() == '/') base.pop_back();
        std::string project = repository.project;
        while (!project.empty() && project.front() == '/') project.erase(0, 1);
        repository.url = base + "/" + project;
    }
    return {};
}

}  // namespace girofle::gravity
