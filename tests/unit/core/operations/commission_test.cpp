#include "core/operations/commission.hpp"

#include <sys/stat.h>

#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

class CommissionTest : public testing::LifecycleFixture {};

TEST_F(CommissionTest, CreatesDirectoriesAndAContainerAsGitlabNeedsAndRecordsItActive) {
    auto services = this->services();
    auto record = commission(services, {.name = "wiki"});
    ASSERT_TRUE(record) << record.error().message();
    EXPECT_EQ(record->number, 1u);
    EXPECT_EQ(record->container, "noeud-gitlab-1-wiki");
    EXPECT_EQ(record->ip, "127.0.0.2");
    EXPECT_EQ(record->external_url, "http://127.0.0.2");
    EXPECT_EQ(record->state, InstanceState::active);
    for (const char* sub : {"mapping-volumes/data", "mapping-volumes/config", "mapping-volumes/log", "bckups"})
        EXPECT_TRUE(std::filesystem::is_directory(root() / "noeud-gitlab-1" / sub)) << sub;
    struct stat info{};
    ASSERT_EQ(::stat((root() / "noeud-gitlab-1").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);

    ASSERT_EQ(docker.containers.size(), 1u);
    const ContainerSpec& spec = docker.containers.begin()->second.spec;
    EXPECT_EQ(spec.image, testing::kTestImage);
    EXPECT_EQ(spec.restart_policy, "always");
    EXPECT_EQ(spec.shm_size_bytes, 256LL * 1024 * 1024);
    EXPECT_EQ(spec.env, std::vector<std::string>{"GITLAB_OMNIBUS_CONFIG=external_url 'http://127.0.0.2'"});
    ASSERT_EQ(spec.ports.size(), 3u);
    for (const auto& port : spec.ports) EXPECT_EQ(port.host_ip, "127.0.0.2");
    EXPECT_EQ(spec.labels.at("io.girofle.instance"), "1");
    EXPECT_EQ(spec.labels.at("io.girofle.root"), root().string());
    EXPECT_EQ(spec.mounts[0].container_path, "/etc/gitlab");
    EXPECT_EQ(spec.mounts[0].host_path, (root() / "noeud-gitlab-1/mapping-volumes/config").string());
    EXPECT_EQ(inventory.list()->front().state, InstanceState::active);
}

TEST_F(CommissionTest, RemappedPortsGoIntoTheUrlAndTheOmnibusConfig) {
    auto services = this->services();
    auto record = commission(services, {.hostname = "git.example.test", .ports = {8080, 8443, 2222}});
    ASSERT_TRUE(record);
    EXPECT_EQ(record->external_url, "http://git.example.test:8080");
    EXPECT_EQ(docker.containers.begin()->second.spec.env.front(),
              "GITLAB_OMNIBUS_CONFIG=external_url 'http://git.example.test:8080'; "
              "gitlab_rails['gitlab_shell_ssh_port'] = 2222");
}

void expect_nothing_left(testing::LifecycleFixture& fixture, const std::filesystem::path& root) {
    EXPECT_TRUE(fixture.docker.containers.empty());
    EXPECT_FALSE(std::filesystem::exists(root / "noeud-gitlab-1"));
    EXPECT_TRUE(fixture.inventory.list()->empty());
}

TEST_F(CommissionTest, AFailedStartTakesEverythingBack) {
    docker.failures["start"] = Error{ErrorKind::conflict, "127.0.0.2:80", "port is already allocated"};
    auto services = this->services();
    auto record = commission(services, {});
    ASSERT_FALSE(record);
    EXPECT_EQ(record.error().message(), "instance 1 (noeud-gitlab-1): 127.0.0.2:80: port is already allocated");
    expect_nothing_left(*this, root());
}

TEST_F(CommissionTest, AnUnhealthyInstanceIsTakenBack) {
    docker.health_script = {HealthStatus::starting, HealthStatus::unhealthy};
    auto services = this->services();
    auto record = commission(services, {});
    ASSERT_FALSE(record);
    EXPECT_NE(record.error().message().find("unhealthy"), std::string::npos);
    expect_nothing_left(*this, root());
    // The number was used: the next instance does not get it again.
    docker.health_script = {HealthStatus::healthy};
    EXPECT_EQ(commission(services, {})->number, 2u);
}

TEST_F(CommissionTest, DockerDownOrAMissingImageChangesNothing) {
    docker.failures["version"] = Error{ErrorKind::unavailable, "docker", "cannot reach the Docker engine"};
    auto services = this->services();
    auto down = commission(services, {});
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().kind, ErrorKind::unavailable);
    EXPECT_FALSE(std::filesystem::exists(root()));

    docker.failures.clear();
    docker.failures["pull"] = Error{ErrorKind::unavailable, "registry", "no route to registry"};
    auto missing = commission(services, {.image = "gitlab/gitlab-ce:99.0.0-ce.0"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message(),
              "image gitlab/gitlab-ce:99.0.0-ce.0: not present locally and cannot be pulled: no route to registry");
    EXPECT_FALSE(std::filesystem::exists(root()));
}

TEST_F(CommissionTest, BadInputIsRefusedBeforeAnythingHappens) {
    auto services = this->services();
    for (CommissionOptions bad : {CommissionOptions{.name = "Bad_Name"},
                                  CommissionOptions{.image = "gitlab/gitlab-ce"},
                                  CommissionOptions{.image = "gitlab/gitlab-ce:latest"},
                                  CommissionOptions{.hostname = "bad host"},
                                  CommissionOptions{.ip = "203.0.113.9"}}) {
        auto result = commission(services, bad);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().exit_status(), 2) << result.error().message();
    }
    EXPECT_TRUE(docker.calls.empty());
    EXPECT_FALSE(std::filesystem::exists(root()));
}

TEST_F(CommissionTest, NeverReusesTheNumberOfADirectoryLeftOnDisk) {
    std::filesystem::create_directories(root() / "noeud-gitlab-7" / "mapping-volumes" / "data");
    auto services = this->services();
    auto record = commission(services, {});
    ASSERT_TRUE(record);
    EXPECT_EQ(record->number, 8u);
}

TEST_F(CommissionTest, CleansUpAfterACommissionWhoseProcessDied) {
    auto services = this->services();
    {
        auto reserved = inventory.reserve({.addresses = {"127.0.0.2"},
                                           .make_record = [&](std::uint64_t n, const std::string&) {
                                               InstanceRecord r;
                                               r.container = container_name_for(n, "");
                                               return r;
                                           }},
                                          "commission");
        ASSERT_TRUE(reserved);
        ASSERT_TRUE(docker.create_container({.name = "noeud-gitlab-1", .image = testing::kTestImage}));
        std::filesystem::create_directories(root() / "noeud-gitlab-1");
    }  // the lock goes, as when its process is killed
    auto record = commission(services, {});
    ASSERT_TRUE(record) << record.error().message();
    EXPECT_EQ(record->number, 2u);
    EXPECT_EQ(record->ip, "127.0.0.2");
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1"));
    EXPECT_EQ(inventory.list()->size(), 1u);
    EXPECT_EQ(docker.containers.size(), 1u);
}

}  // namespace
}  // namespace girofle

namespace girofle {
namespace {

class CommissionNameClash : public testing::LifecycleFixture {};

TEST_F(CommissionNameClash, ANameAnotherRootHoldsGetsThisRootsTagAndTheOtherContainerIsLeftAlone) {
    ASSERT_TRUE(docker.create_container(
        {.name = "noeud-gitlab-1-wiki", .image = testing::kTestImage, .labels = {{"io.girofle.root", "/srv/other"}}}));
    auto services = this->services();
    auto record = commission(services, {.name = "wiki"});
    ASSERT_TRUE(record) << record.error().message();
    EXPECT_EQ(record->container, "noeud-gitlab-1-wiki-" + RootLayout(root()).host_tag());
    EXPECT_EQ(docker.containers.size(), 2u);
    EXPECT_EQ(docker.inspect_container("noeud-gitlab-1-wiki")->labels.at("io.girofle.root"), "/srv/other");
}

TEST_F(CommissionNameClash, AContainerNameHeldOutsideGirofleIsExplainedAndNothingIsLeft) {
    ASSERT_TRUE(docker.create_container({.name = "noeud-gitlab-1", .image = testing::kTestImage}));
    auto services = this->services();
    auto record = commission(services, {});
    ASSERT_FALSE(record);
    EXPECT_EQ(record.error().message(),
              "instance 1 (noeud-gitlab-1): container noeud-gitlab-1: the name is taken by a container Girofle does "
              "not manage");
    EXPECT_EQ(docker.containers.size(), 1u);
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1"));
    EXPECT_TRUE(inventory.list()->empty());
}

}  // namespace
}  // namespace girofle
