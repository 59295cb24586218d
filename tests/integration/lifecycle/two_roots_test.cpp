// Acceptance: two Girofle roots on one host (one engine, one cron directory), each with an
// instance 1 that cron backs up. Commissions, schedule changes and decommissions in one root
// never touch the other's cron file or container, and doctor shows the other root's names.
#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class TwoRoots : public GitlabTest {
protected:
    void TearDown() override {
        for (const auto& name : containers_of(root_b())) run_command({"docker", "rm", "-f", name});
        GitlabTest::TearDown();
    }

    std::filesystem::path root_b() const { return scratch() / "root-b"; }
    CommandResult girofle_b(const std::vector<std::string>& args) const { return run_girofle(root_b(), args); }

    static std::vector<std::string> containers_of(const std::filesystem::path& root) {
        auto listed = run_command({"docker", "ps", "-a", "--format", "{{.Names}}", "--filter",
                                   "label=io.girofle.root=" + root.string()});
        std::vector<std::string> names;
        std::istringstream lines(listed.out);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) names.push_back(line);
        return names;
    }

    // Every file of the shared cron directory with its content.
    std::map<std::string, std::string> cron_files() const {
        std::map<std::string, std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(test_cron_directory(root())))
            files[entry.path().filename().string()] = read_file(entry.path());
        return files;
    }
};

TEST_F(TwoRoots, OneRootNeverTouchesTheOthersCronFileOrContainer) {
    ASSERT_EQ(test_cron_directory(root()), test_cron_directory(root_b())) << "one cron directory for the host";
    auto a = commission({"--name", "wiki", "--ip", "127.0.7.1"});
    ASSERT_FALSE(a.empty());
    const auto a_files = cron_files();
    ASSERT_EQ(a_files.size(), 2u) << "the instance's schedule and the root's doctor run";
    const auto a_container = run_command({"docker", "inspect", "-f", "{{.Id}} {{.State.StartedAt}}", a["container"]}).out;

    auto b = girofle_b({"--json", "commission", "--image", kStandinImage, "--timeout", "120", "--name", "wiki",
                        "--ip", "127.0.7.2", "--schedule", "30 * * * *"});
    ASSERT_EQ(b.status, 0) << b.err;
    EXPECT_EQ(a["number"], 1);
    EXPECT_EQ(b.json()["number"], 1);
    EXPECT_NE(b.json()["container"], a["container"]) << "container names are global to the engine";
    auto both = cron_files();
    ASSERT_EQ(both.size(), 4u);
    for (const auto& [name, content] : a_files) EXPECT_EQ(both[name], content) << name;

    auto doctor = girofle({"doctor"});
    EXPECT_NE(doctor.out.find("container " + b.json()["container"].get<std::string>() + " belongs to the Girofle root " +
                              root_b().string()),
              std::string::npos)
        << doctor.out;
    EXPECT_NE(doctor.out.find("belongs to another Girofle root; left alone"), std::string::npos) << doctor.out;

    ASSERT_EQ(girofle_b({"schedule", "set", "1", "@daily"}).status, 0);
    ASSERT_EQ(girofle_b({"schedule", "remove", "1"}).status, 0);
    ASSERT_EQ(girofle_b({"schedule", "set", "1", "45 * * * *"}).status, 0);
    auto decommissioned = girofle_b({"decommission", "1", "--no-backup"});
    ASSERT_EQ(decommissioned.status, 0) << decommissioned.err;

    EXPECT_EQ(cron_files(), a_files) << "only root B's file went";
    EXPECT_EQ(run_command({"docker", "inspect", "-f", "{{.Id}} {{.State.StartedAt}}", a["container"]}).out, a_container)
        << "root A's container was neither removed nor restarted";
    auto status = girofle({"--json", "status", "1"});
    ASSERT_EQ(status.status, 0) << status.err;
    EXPECT_EQ(status.json()["state"], "active");

    // Root B's number 2 and root A's backups go on as if B were not there.
    auto backed_up = girofle({"backup", "1"});
    EXPECT_EQ(backed_up.status, 0) << backed_up.err;
}

}  // namespace
}  // namespace girofle::testing
