#include "unit/fakes/fake_docker.hpp"

namespace girofle::testing {

std::optional<Error> FakeDocker::scripted_failure(const std::string& method) {
    auto found = failures.find(method);
    if (found == failures.end()) return {};
    Error error = found->second;
    if (fail_once.erase(method)) failures.erase(found);
    return error;
}

FakeDocker::Container* FakeDocker::find(const std::string& id_or_name) {
    for (auto& [id, container] : containers)
        if (id == id_or_name || container.info.name == id_or_name) return &container;
    return nullptr;
}

Result<EngineVersion> FakeDocker::version() {
    if (auto failure = scripted_failure("version")) return std::unexpected(*failure);
    return EngineVersion{"20.10.24", "1.41"};
}

Result<std::string> FakeDocker::create_container(const ContainerSpec& spec) {
    calls.push_back("create " + spec.name);
    if (auto failure = scripted_failure("create")) return std::unexpected(*failure);
    for (const auto& [id, container] : containers)
        if (container.info.name == spec.name)
            return fail(ErrorKind::conflict, "container " + spec.name, "name in use");
    std::string id = "id-" + std::to_string(containers.size() + 1) + "-" + spec.name;
    ContainerInfo info{.id = id, .name = spec.name, .image = spec.image, .status = "created",
                       .labels = spec.labels, .env = spec.env, .ports = spec.ports, .mounts = spec.mounts};
    containers[id] = {spec, info};
    return id;
}

Result<void> FakeDocker::start_container(const std::string& id) {
    calls.push_back("start " + id);
    if (auto failure = scripted_failure("start")) return std::unexpected(*failure);
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    container->info.status = "running";
    container->info.running = true;
    return {};
}

Result<ContainerInfo> FakeDocker::inspect_container(const std::string& id) {
    ++inspections;
    if (auto failure = scripted_failure("inspect")) return std::unexpected(*failure);
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    if (!health_script.empty()) {
        container->info.health = health_script.front();
        if (health_script.size() > 1) health_script.pop_front();
        if (container->info.health == HealthStatus::unhealthy) container->info.health_output = "probe said no";
    }
    return container->info;
}

Result<void> FakeDocker::stop_container(const std::string& id, std::chrono::seconds) {
    calls.push_back("stop " + id);
    if (auto failure = scripted_failure("stop")) return std::unexpected(*failure);
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    container->info.status = "exited";
    container->info.running = false;
    return {};
}

Result<void> FakeDocker::remove_container(const std::string& id, bool) {
    calls.push_back("remove " + id);
    if (auto failure = scripted_failure("remove")) return std::unexpected(*failure);
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    containers.erase(container->info.id);
    return {};
}

std::vector<const FakeDocker::Container*> FakeDocker::carrying(
    const std::vector<std::string>& label_filters) const {
    std::vector<const Container*> result;
    for (const auto& [id, container] : containers) {
        bool matches = true;
        for (const auto& filter : label_filters) {
            auto equals = filter.find('=');
            auto key = filter.substr(0, equals);
            auto label = container.info.labels.find(key);
            if (label == container.info.labels.end() ||
                (equals != std::string::npos && label->second != filter.substr(equals + 1)))
                matches = false;
        }
        if (matches) result.push_back(&container);
    }
    return result;
}

Result<std::vector<ContainerInfo>> FakeDocker::list_containers(const std::vector<std::string>& label_filters,
                                                               bool) {
    ++list_requests;
    if (auto failure = scripted_failure("list")) return std::unexpected(*failure);
    std::vector<ContainerInfo> result;
    for (const auto* container : carrying(label_filters)) result.push_back(container->info);
    inspections += static_cast<int>(result.size());  // the engine adapter inspects each one
    return result;
}

Result<std::vector<ContainerSummary>> FakeDocker::list_container_summaries(
    const std::vector<std::string>& label_filters) {
    ++list_requests;
    if (auto failure = scripted_failure("list")) return std::unexpected(*failure);
    std::vector<ContainerSummary> result;
    for (const auto* container : carrying(label_filters)) {
        const ContainerInfo& info = container->info;
        const bool up = info.running && !info.paused;
        result.push_back({.id = info.id,
                          .name = info.name,
                          .status = info.status,
                          .exit_code = info.status == "exited" ? info.exit_code : 0,
                          .health = up ? info.health : HealthStatus::none,
                          .labels = info.labels});
    }
    return result;
}

Result<void> FakeDocker::pause_container(const std::string& id) {
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    container->info.paused = true;
    container->info.status = "paused";
    return {};
}

Result<void> FakeDocker::unpause_container(const std::string& id) {
    auto* container = find(id);
    if (!container) return fail(ErrorKind::not_found, "container " + id, "no such container");
    container->info.paused = false;
    container->info.status = "running";
    return {};
}

Result<ExecResult> FakeDocker::exec(const std::string& id, const std::vector<std::string>& argv,
                                    std::chrono::seconds) {
    calls.push_back("exec " + id + " " + (argv.empty() ? "" : argv.front()));
    if (auto failure = scripted_failure("exec")) return std::unexpected(*failure);
    return ExecResult{exec_exit_code, exec_exit_code == 0 ? exec_output : "", exec_exit_code == 0 ? "" : "503 not ready"};
}

Result<std::string> FakeDocker::logs(const std::string&, int) { return std::string(); }

Result<ImageInfo> FakeDocker::inspect_image(const std::string& reference) {
    auto found = images.find(reference);
    if (found == images.end()) return fail(ErrorKind::not_found, "image " + reference, "no such image");
    return found->second;
}

Result<void> FakeDocker::pull_image(const std::string& reference) {
    calls.push_back("pull " + reference);
    if (auto failure = scripted_failure("pull")) return std::unexpected(*failure);
    images[reference] = ImageInfo{.id = "sha256:pulled", .repo_tags = {reference}};
    return {};
}

}  // namespace girofle::testing
