// Two roots standing for two VMs share one inventory on a three-member etcd cluster: 16
// commissions at once across both get distinct numbers and names, no address twice on one
// host and no stray container, while one member is killed mid-run (quorum holds).
#include <set>
#include <thread>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/etcd_cluster.hpp"
#include "support/required_programs.hpp"

namespace girofle {
namespace {

class FleetCommission : public testing::GitlabTest {};

// The second VM's containers: the fixture removes only those of its own root.
struct RootContainers {
    std::filesystem::path root;
    ~RootContainers() {
        auto ids = testing::run_command({"docker", "ps", "-aq", "--filter", "label=io.girofle.root=" + root.string()});
        std::istringstream lines(ids.out);
        for (std::string id; std::getline(lines, id);)
            if (!id.empty()) testing::run_command({"docker", "rm", "-f", id});
    }
};

TEST_F(FleetCommission, SixteenCommissionsAcrossTwoHostsNeverCollide) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
    testing::EtcdCluster cluster(scratch() / "etcd", 3);
    const std::string url = cluster.url("fleet");
    const std::vector<std::filesystem::path> roots = {root(), scratch() / "root-b"};
    RootContainers second_vm{roots[1]};
    for (std::size_t host = 0; host < roots.size(); ++host) {
        std::filesystem::create_directories(roots[host]);
        testing::write_file(roots[host] / "host-id", host == 0 ? "vm-a\n" : "vm-b\n");
        nlohmann::json pool = nlohmann::json::array();
        for (int i = 1; i <= 8; ++i) pool.push_back("127.0." + std::to_string(host + 1) + "." + std::to_string(i + 10));
        testing::write_file(roots[host] / "girofle.json",
                            nlohmann::json{{"inventory", url}, {"address_pool", pool}}.dump());
    }

    std::vector<ChildProcess> commissions;
    for (int i = 0; i < 16; ++i) {
        const auto& root = roots[static_cast<std::size_t>(i % 2)];
        auto child = start_process(
            {.argv = {GIROFLE_BINARY, "--root", root.string(), "-q", "commission", "--name", "w" + std::to_string(i),
                      "--image", testing::kStandinImage, "--timeout", "300", "--schedule", "none"},
             .env = {{"GIROFLE_CRON_DIR", testing::test_cron_directory(root).string()}}});
        ASSERT_TRUE(child) << child.error().message();
        commissions.push_back(std::move(*child));
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    cluster.kill_member(0);
    for (auto& commission : commissions) {
        auto outcome = commission.wait();
        EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
    }

    for (const auto& root : roots) {
        auto listed = testing::run_girofle(root, {"--json", "list", "--fleet"});
        ASSERT_EQ(listed.status, 0) << listed.err;
        auto instances = listed.json()["instances"];
        ASSERT_EQ(instances.size(), 16u);
        std::set<std::uint64_t> numbers;
        std::set<std::string> names, addresses, hosts;
        for (const auto& instance : instances) {
            numbers.insert(instance["number"].get<std::uint64_t>());
            names.insert(instance["name"].get<std::string>());
            addresses.insert(instance["host_id"].get<std::string>() + "/" + instance["ip"].get<std::string>());
            hosts.insert(instance["host_id"].get<std::string>());
            EXPECT_EQ(instance["state"], "active");
        }
        EXPECT_EQ(numbers.size(), 16u);
        EXPECT_EQ(names.size(), 16u);
        EXPECT_EQ(addresses.size(), 16u);
        EXPECT_EQ(hosts, (std::set<std::string>{"vm-a", "vm-b"}));
        auto containers = testing::run_command({"docker", "ps", "-aq", "--filter", "label=io.girofle.root=" + root.string()});
        EXPECT_EQ(std::count(containers.out.begin(), containers.out.end(), '\n'), 8) << "no stray container";
    }
}

}  // namespace
}  // namespace girofle
