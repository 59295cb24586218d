// Acceptance: three instances on three loopback addresses, each answering on its own
// address only; data pushed over git comes back identical; decommission keeps the data and
// frees the address for the next commission, which gets a new number.
#include <thread>

#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class LifecycleEndToEnd : public GitlabTest {};

TEST_F(LifecycleEndToEnd, ThreeInstancesServeDataThenOneIsDecommissionedGracefully) {
    const std::vector<std::string> addresses = {"127.0.0.11", "127.0.0.12", "127.0.0.13"};
    const std::vector<std::string> names = {"alpha", "beta", "gamma"};
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        auto record = commission({"--name", names[i], "--ip", addresses[i]});
        ASSERT_EQ(record.value("number", 0), static_cast<int>(i + 1));
        EXPECT_EQ(record["container"], "noeud-gitlab-" + std::to_string(i + 1) + "-" + names[i]);
        EXPECT_EQ(record["url"], "http://" + addresses[i]);
        EXPECT_EQ(record["directory"], (root() / ("noeud-gitlab-" + std::to_string(i + 1))).string());
        EXPECT_TRUE(std::filesystem::exists(record["initial_root_password_file"].get<std::string>()));
    }

    // Each answers on its own address, with its own external_url; nothing on a fourth one.
    for (const auto& address : addresses) {
        auto page = http_get("http://" + address + "/-/standin/external_url");
        ASSERT_EQ(page.status, 0) << address << ": " << page.err;
        EXPECT_EQ(page.out.substr(0, page.out.find_last_not_of("\n") + 1), "http://" + address);
    }
    EXPECT_EQ(http_get("http://127.0.0.14/").status, 7) << "connection to an unused address must be refused";

    // Data in, data out: a repository pushed to beta clones back identical.
    const auto beta_directory = root() / "noeud-gitlab-2";
    const std::string password = initial_root_password(beta_directory);
    ASSERT_FALSE(password.empty());
    make_repository(scratch() / "source");
    const std::string url = "http://127.0.0.12/team/project.git";
    auto pushed = git_with_password({"push", "-q", url, "--all"}, password, scratch() / "source");
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    ASSERT_EQ(git_with_password({"push", "-q", url, "--tags"}, password, scratch() / "source").status, 0);
    auto cloned = git_with_password({"clone", "-q", "--mirror", url, (scratch() / "back").string()}, password);
    ASSERT_EQ(cloned.status, 0) << cloned.err;
    EXPECT_EQ(refs_of(scratch() / "back"), refs_of(scratch() / "source"));
    EXPECT_EQ(run_command({"git", "fsck", "--strict"}, {}, scratch() / "back").status, 0);

    auto listed = girofle({"--json", "list"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    const nlohmann::json instances = listed.json()["instances"];
    ASSERT_EQ(instances.size(), 3u);
    for (const auto& instance : instances) {
        EXPECT_EQ(instance["state"], "active");
        EXPECT_EQ(instance["live_state"], "running (healthy)");
    }
    auto table = girofle({"list"});
    EXPECT_NE(table.out.find("noeud-gitlab-2-beta"), std::string::npos);

    // Decommission beta: container gone, data kept, address free for the next one.
    auto decommissioned = girofle({"decommission", "beta", "--no-backup"});
    ASSERT_EQ(decommissioned.status, 0) << decommissioned.err;
    EXPECT_NE(run_command({"docker", "inspect", "noeud-gitlab-2-beta"}).status, 0);
    EXPECT_TRUE(std::filesystem::is_directory(
        beta_directory / "mapping-volumes/data/git-data/repositories/team/project.git"));
    EXPECT_TRUE(std::filesystem::exists(beta_directory / "mapping-volumes/config/gitlab-secrets.json"));
    EXPECT_EQ(http_get("http://127.0.0.12/").status, 7);
    EXPECT_EQ(girofle({"--json", "list"}).json()["instances"].size(), 2u);
    auto all = girofle({"--json", "list", "--all"}).json()["instances"];
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1]["state"], "decommissioned");

    auto next = commission({"--ip", "127.0.0.12"});
    EXPECT_EQ(next.value("number", 0), 4);
    EXPECT_EQ(next["ip"], "127.0.0.12");
    EXPECT_EQ(http_get("http://127.0.0.12/-/standin/external_url").status, 0);
    // The old data was not touched by the newcomer.
    EXPECT_TRUE(std::filesystem::is_directory(
        beta_directory / "mapping-volumes/data/git-data/repositories/team/project.git"));
}

TEST_F(LifecycleEndToEnd, StatusAndLogsTellTheStoryWithoutSecrets) {
    auto record = commission({"--name", "docs", "--ip", "127.0.0.15"});
    ASSERT_FALSE(record.empty());
    auto status = girofle({"status", "docs"});
    ASSERT_EQ(status.status, 0) << status.err;
    EXPECT_NE(status.out.find("live: running (healthy)"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("url: http://127.0.0.15"), std::string::npos);
    ASSERT_EQ(girofle({"decommission", "1", "--no-backup"}).status, 0);

    const std::string password = initial_root_password(root() / "noeud-gitlab-1");
    ASSERT_FALSE(password.empty());
    const std::string human_log = read_file(root() / "logs/girofle.log");
    const std::string operations = read_file(root() / "logs/operations.jsonl");
    EXPECT_NE(human_log.find("commissioned at http://127.0.0.15"), std::string::npos);
    EXPECT_EQ(human_log.find(password), std::string::npos);
    EXPECT_EQ(operations.find(password), std::string::npos);
    std::istringstream lines(operations);
    std::vector<std::string> seen;
    for (std::string line; std::getline(lines, line);)
        seen.push_back(nlohmann::json::parse(line)["operation"]);
    EXPECT_EQ(seen, (std::vector<std::string>{"commission", "decommission"}));
}

}  // namespace
}  // namespace girofle::testing
