// Acceptance: 8 commission processes at once against 4 free addresses.
#include <set>
#include <thread>

#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class CommissionConcurrency : public GitlabTest {};

TEST_F(CommissionConcurrency, EightAtOnceForFourAddressesGiveFourCleanInstancesAndFourCleanRefusals) {
    const std::vector<std::string> pool = {"127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24"};
    write_root_config({{"address_pool", pool}, {"image", kStandinImage}});
    std::vector<CommandResult> results(8);
    std::vector<std::thread> runs;
    for (auto& result : results)
        runs.emplace_back([&] { result = girofle({"--json", "commission", "--timeout", "120"}); });
    for (auto& run : runs) run.join();

    std::set<int> numbers;
    std::set<std::string> addresses;
    int refused = 0;
    for (const auto& result : results) {
        if (result.status == 0) {
            numbers.insert(result.json()["number"].get<int>());
            addresses.insert(result.json()["ip"].get<std::string>());
            continue;
        }
        ++refused;
        EXPECT_EQ(result.status, 1) << result.err;
        EXPECT_NE(result.err.find("girofle: error: host: no free address"), std::string::npos) << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    }
    EXPECT_EQ(numbers.size(), 4u);
    EXPECT_EQ(addresses, std::set<std::string>(pool.begin(), pool.end()));
    EXPECT_EQ(refused, 4);

    auto listed = girofle({"--json", "list", "--all"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    const nlohmann::json instances = listed.json()["instances"];
    ASSERT_EQ(instances.size(), 4u);
    for (const auto& instance : instances) {
        EXPECT_EQ(instance["state"], "active");
        EXPECT_EQ(instance["live_state"], "running (healthy)");
        EXPECT_EQ(http_get(instance["url"].get<std::string>() + "/").status, 0);
    }
    EXPECT_EQ(containers_of_root().size(), 4u);
    std::size_t directories = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root()))
        if (entry.path().filename().string().starts_with("noeud-gitlab-")) ++directories;
    EXPECT_EQ(directories, 4u);
}

}  // namespace
}  // namespace girofle::testing
