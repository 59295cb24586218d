// An in-memory container engine for unit tests of the core: it keeps containers and lets a
// test script their health and make any call fail.
#pragma once

#include <deque>
#include <map>
#include <set>

#include "core/docker.hpp"

namespace girofle::testing {

class FakeDocker final : public Docker {
public:
    struct Container {
        ContainerSpec spec;
        ContainerInfo info;
    };

    std::map<std::string, Container> containers;            // by id
    std::map<std::string, ImageInfo> images;                // by reference
    std::deque<HealthStatus> health_script;                 // one per inspect; last one sticks
    std::map<std::string, Error> failures;                  // method name -> error to return
    std::set<std::string> fail_once;                        // of those, the ones forgotten once returned
    int exec_exit_code = 0;
    std::string exec_output;                                // stdout of a successful exec
    std::vector<std::string> calls;                         // "create noeud-gitlab-1", ...
    int inspections = 0;                                    // inspects, list_containers' own included
    int list_requests = 0;                                  // list calls, of either kind

    Result<EngineVersion> version() override;
    Result<std::string> create_container(const ContainerSpec& spec) override;
    Result<void> start_container(const std::string& id) override;
    Result<ContainerInfo> inspect_container(const std::string& id) override;
    Result<void> stop_container(const std::string& id, std::chrono::seconds timeout) override;
    Result<void> remove_container(const std::string& id, bool force) override;
    Result<std::vector<ContainerInfo>> list_containers(const std::vector<std::string>& label_filters,
                                                       bool all) override;
    // Like the engine's list: health only for running containers, and no health script step used.
    Result<std::vector<ContainerSummary>> list_container_summaries(
        const std::vector<std::string>& label_filters) override;
    Result<void> pause_container(const std::string& id) override;
    Result<void> unpause_container(const std::string& id) override;
    Result<ExecResult> exec(const std::string& id, const std::vector<std::string>& argv,
                            std::chrono::seconds timeout) override;
    Result<std::string> logs(const std::string& id, int tail_lines) override;
    Result<ImageInfo> inspect_image(const std::string& reference) override;
    Result<void> pull_image(const std::string& reference) override;

private:
    std::optional<Error> scripted_failure(const std::string& method);
    Container* find(const std::string& id_or_name);
    std::vector<const Container*> carrying(const std::vector<std::string>& label_filters) const;
};

}  // namespace girofle::testing
