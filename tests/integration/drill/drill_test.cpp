// Acceptance (issue 10): a drill restores a snapshot into a throwaway container without
// network and proves it: database recovered, refs as recorded at freeze time, push events
// agreeing with refs, secrets decrypting. A damaged snapshot fails naming the check and the
// file, and nothing of the live instance changes.
#include <fstream>

#include "integration/drill/drill_fixture.hpp"

namespace girofle::testing {
namespace {

// Replaces FILE (a hard link shared with other snapshots) by a new file: damage stays here.
void rewrite_unshared(const std::filesystem::path& file, const std::string& content) {
    std::filesystem::remove(file);
    std::ofstream(file, std::ios::binary) << content;
}

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(DrillTest, AFreshBackupDrillsCleanAndTheContainerAndScratchCopyGo) {
    start_instance("drilled", "127.0.8.11");
    const std::string pushed = push_commit("after-first-push");
    auto manifest = backup("drilled");
    ASSERT_FALSE(manifest.empty());
    const std::string id = manifest["id"];
    EXPECT_EQ(manifest["expected"]["repositories"][kRepository]["refs/heads/main"], pushed);
    EXPECT_GE(manifest["expected"]["push_events_at_least"].get<int>(), 2);

    auto drilled = girofle({"drill", "drilled"});
    ASSERT_EQ(drilled.status, 0) << drilled.out << drilled.err;
    auto report = drill_report(id);
    ASSERT_TRUE(report.is_object());
    EXPECT_TRUE(report["passed"].get<bool>()) << report.dump(2);
    for (const char* check : {"checksums", "container ready", "database recovered", "push events kept",
                              "fsck group/project.git", "refs group/project.git", "push events agree with refs",
                              "secrets file", "secrets decrypt"})
        EXPECT_TRUE(has_check(report, check, true)) << check << " in " << report.dump(2);
    EXPECT_EQ(run_command({"docker", "ps", "-a", "-q", "--filter", "name=" + container_ + "-drill"}).out, "");
    for (const auto& item : std::filesystem::directory_iterator(directory_))
        EXPECT_FALSE(item.path().filename().string().starts_with("drill-")) << item.path();
    auto listed = girofle({"--json", "backups", "drilled"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["backups"].back()["drill"]["passed"], true) << listed.out;
    const std::string metrics = read_all(root() / "metrics/girofle.prom");
    EXPECT_NE(metrics.find("girofle_drill_last_success_timestamp_seconds{number=\"1\",name=\"drilled\"} "),
              std::string::npos) << metrics;
    EXPECT_NE(metrics.find("girofle_drill_failures_total{number=\"1\",name=\"drilled\"} 0"), std::string::npos) << metrics;
}

struct Damage {
    std::string name;
    std::string failing_check;   // drill.json names it
    std::string named_file;      // the error line names it
    std::function<void(const std::filesystem::path& snapshot)> apply;
};

TEST_F(DrillTest, ADamagedSnapshotFailsNamingTheCheckAndTheFileAndLeavesTheInstanceAlone) {
    start_instance("damaged", "127.0.8.12");
    const std::string repository_path = std::string("data/git-data/repositories/") + kRepository;
    // GitLab's housekeeping packs a repository's objects: there is a pack file to truncate.
    ASSERT_EQ(run_command({"docker", "exec", "-u", "git", container_, "git", "-C",
                           std::string("/var/opt/gitlab/git-data/repositories/") + kRepository, "repack", "-adq"})
                  .status,
              0);
    const std::vector<Damage> damages = {
        {"pack truncated", "fsck group/project.git", "objects/pack/",
         [&](const std::filesystem::path& snapshot) {
             for (const auto& item : std::filesystem::directory_iterator(snapshot / repository_path / "objects/pack"))
                 if (item.path().extension() == ".pack") {
                     const std::string content = read_all(item.path());
                     rewrite_unshared(item.path(), content.substr(0, content.size() / 2));
                 }
         }},
        {"ref changed", "refs group/project.git", "refs/heads/main",
         [&](const std::filesystem::path& snapshot) {
             const auto parent = run_command({"git", "rev-parse", "main~1"}, {}, client_).out;
             rewrite_unshared(snapshot / repository_path / "refs/heads/main", parent);
         }},
        {"database emptied", "push events kept", "data/postgresql/data/",
         [&](const std::filesystem::path& snapshot) {
             for (const auto& item : std::filesystem::directory_iterator(snapshot / "data/postgresql/data"))
                 std::filesystem::remove_all(item.path());
         }},
        {"secrets removed", "secrets file", "config/gitlab-secrets.json",
         [&](const std::filesystem::path& snapshot) { std::filesystem::remove(snapshot / "config/gitlab-secrets.json"); }},
    };
    for (const auto& damage : damages) {
        push_commit("before-" + damage.name);
        auto manifest = backup("damaged");
        ASSERT_FALSE(manifest.empty());
        const std::string id = manifest["id"];
        damage.apply(snapshot(id));
        const std::string before = live_state();
        auto drilled = girofle({"drill", "damaged", "--backup", id});
        EXPECT_EQ(drilled.status, 1) << damage.name << ": " << drilled.out << drilled.err;
        EXPECT_EQ(std::count(drilled.err.begin(), drilled.err.end(), '\n'), 1) << damage.name << ": " << drilled.err;
        EXPECT_NE(drilled.err.find("drill failed"), std::string::npos) << damage.name << ": " << drilled.err;
        EXPECT_NE(drilled.err.find(damage.named_file), std::string::npos) << damage.name << ": " << drilled.err;
        auto report = drill_report(id);
        EXPECT_TRUE(has_check(report, damage.failing_check, false)) << damage.name << ": " << report.dump(2);
        EXPECT_EQ(live_state(), before) << damage.name;
        EXPECT_EQ(run_command({"docker", "ps", "-a", "-q", "--filter", "name=" + container_ + "-drill"}).out, "");
    }
}

}  // namespace
}  // namespace girofle::testing
