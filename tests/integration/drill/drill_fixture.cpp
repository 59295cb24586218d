#include "integration/drill/drill_fixture.hpp"

#include <fstream>

namespace girofle::testing {

void DrillTest::start_instance(const std::string& name, const std::string& address) {
    auto record = commission({"--name", name, "--ip", address});
    ASSERT_FALSE(record.empty());
    name_ = name;
    container_ = record["container"].get<std::string>();
    directory_ = record["directory"].get<std::string>();
    password_ = initial_root_password(directory_);
    url_ = "http://" + address + "/" + kRepository;
    client_ = scratch() / "client";
    make_repository(client_);
    auto pushed = git_with_password({"push", "-q", url_, "main", "feature"}, password_, client_);
    ASSERT_EQ(pushed.status, 0) << pushed.err;
}

std::string DrillTest::push_commit(const std::string& file) {
    return commit_and_push(client_, url_, password_, "main", file);
}

std::filesystem::path DrillTest::snapshot(const std::string& id) const { return directory_ / "bckups" / id; }

nlohmann::json DrillTest::drill_report(const std::string& id) const {
    std::ifstream file(snapshot(id) / "drill.json");
    if (!file) return {};
    return nlohmann::json::parse(file, nullptr, false);
}

bool DrillTest::has_check(const nlohmann::json& report, const std::string& name, bool passed) const {
    if (!report.contains("checks")) return false;
    for (const auto& check : report["checks"])
        if (check["name"].get<std::string>().starts_with(name) && check["passed"].get<bool>() == passed) return true;
    return false;
}

std::string DrillTest::live_state() const {
    auto inspected = run_command({"docker", "inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", container_});
    auto refs = run_command({"docker", "exec", container_, "git", "-c", "safe.directory=*", "-C",
                             std::string("/var/opt/gitlab/git-data/repositories/") + kRepository, "for-each-ref"});
    // The inventory's record as `list` shows it; health aside (Docker re-checks it on its own,
    // and a check that failed while a backup paused GitLab flips it for a moment).
    auto listed = girofle({"--json", "list"});
    if (listed.status != 0) return "list failed: " + listed.err;
    auto listing = listed.json();
    for (auto& instance : listing["instances"]) {
        instance.erase("health");
        instance.erase("live_state");
    }
    return inspected.out + refs.out + listing.dump();
}

}  // namespace girofle::testing
