// A stand-in instance with a repository, a client clone pushing to it, and helpers to read
// what a drill reported.
#pragma once

#include <filesystem>
#include <string>

#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {

class DrillTest : public GitlabTest {
protected:
    // Commissions NAME on ADDRESS and pushes the client repository to group/project.git.
    void start_instance(const std::string& name, const std::string& address);
    std::string push_commit(const std::string& file);  // a new commit on main, pushed; its id
    std::filesystem::path snapshot(const std::string& id) const;
    nlohmann::json drill_report(const std::string& id) const;  // the snapshot's drill.json
    // Whether drill.json holds a check named NAME (or starting with NAME) with this outcome.
    bool has_check(const nlohmann::json& report, const std::string& name, bool passed) const;
    // Docker's view of the live instance and its refs, for "nothing of it changed".
    std::string live_state() const;

    std::string name_;
    std::string container_;
    std::filesystem::path directory_;
    std::string password_;
    std::string url_;
    std::filesystem::path client_;
    static constexpr const char* kRepository = "group/project.git";
};

}  // namespace girofle::testing
