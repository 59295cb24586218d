// Two roots standing for two VMs on a three-member etcd cluster: an operation that acts on an
// instance's container and directory is refused on the host the instance does not live on,
// in one line naming the host it lives on, with nothing changed in etcd or under the root.
#include "integration/gitlab_fixture.hpp"
#include "support/etcd_cluster.hpp"
#include "support/required_programs.hpp"

namespace girofle {
namespace {

class FleetOtherHost : public testing::GitlabTest {};

// Every file under `root` but the logs and metrics, which record the refusals themselves.
std::string files_of(const std::filesystem::path& root) {
    std::string listing;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const auto relative = entry.path().lexically_relative(root).string();
        if (relative.starts_with("logs") || relative.starts_with("metrics")) continue;
        listing += relative + (entry.is_regular_file() ? " " + testing::read_file(entry.path()) : "") + "\n";
    }
    return listing;
}

TEST_F(FleetOtherHost, OperationsOnAnotherHostsInstanceAreRefusedNamingThatHost) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl");
    testing::EtcdCluster cluster(scratch() / "etcd", 3);
    const std::string url = cluster.url("hosts");
    const auto root_a = root(), root_b = scratch() / "root-b";
    for (const auto& [root, host] : {std::pair{root_a, "vm-a"}, std::pair{root_b, "vm-b"}}) {
        std::filesystem::create_directories(root);
        testing::write_file(root / "host-id", std::string(host) + "\n");
        testing::write_file(root / "girofle.json", nlohmann::json{{"inventory", url}}.dump());
    }
    auto record = commission({"--name", "wiki", "--ip", "127.0.1.5", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    const std::string container = record["container"];
    const auto keys_before = cluster.etcdctl({"get", "--prefix", "/girofle/hosts/"});
    ASSERT_EQ(keys_before.status, 0) << keys_before.err;
    const std::string files_before = files_of(root_b);

    const std::vector<std::vector<std::string>> refused = {
        {"backup", "wiki"},
        {"backup", "1", "--strategy", "stop"},
        {"restore", "wiki"},
        {"decommission", "noeud-gitlab-1-wiki"},
        {"schedule", "set", "wiki", "0 3 * * *"},
    };
    for (const auto& command : refused) {
        auto result = testing::run_girofle(root_b, command);
        const std::string what = command[0];
        EXPECT_EQ(result.status, 1) << what << ": " << result.err;
        EXPECT_EQ(result.err, "girofle: error: instance 1 (noeud-gitlab-1-wiki): lives on host vm-a, not this one "
                              "(vm-b); run " + what + " on vm-a\n");
    }
    EXPECT_EQ(cluster.etcdctl({"get", "--prefix", "/girofle/hosts/"}).out, keys_before.out) << "etcd changed";
    EXPECT_EQ(files_of(root_b), files_before) << "root-b changed";
    EXPECT_EQ(testing::run_command({"docker", "inspect", "-f", "{{.State.Running}} {{.State.Paused}}", container}).out,
              "true false\n");

    // On its own host the same instance is backed up as usual.
    EXPECT_FALSE(backup("wiki").empty());
    // An instance no host has is still just unknown, exit 2.
    auto unknown = testing::run_girofle(root_b, {"backup", "nothing"});
    EXPECT_EQ(unknown.status, 2) << unknown.err;
    EXPECT_NE(unknown.err.find("no such instance"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace girofle
