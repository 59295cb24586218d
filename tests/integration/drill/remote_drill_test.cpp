// Issue 10: `drill --from-remote` proves the offsite copy restorable when no local snapshot is
// left (the VM's disk lost its bckups): it fetches the snapshot from a real restic repository,
// checks its checksums and drills it in the same throwaway container. A damaged repository or
// a wrong password fails in one line, leaving no container, no scratch copy, and the live
// instance as it was.
#include <sys/stat.h>

#include <thread>

#include "integration/remote/remote_fixture.hpp"
#include "support/process_tree.hpp"

namespace girofle::testing {
namespace {

constexpr const char* kAddress = "127.0.8.21";
constexpr const char* kRemoteDrills = "noeud-gitlab-1/bckups/remote-drills.json";

class DrillFromRemote : public RemoteTest {
protected:
    std::filesystem::path instance_directory() const { return root() / "noeud-gitlab-1"; }
    std::string container() const { return "noeud-gitlab-1-wiki"; }

    // Pushes a backup to the local-path repository and removes it from the root.
    std::string backup_only_on_remote() {
        auto pushed = girofle({"--json", "backup", "wiki", "--remote"});
        EXPECT_EQ(pushed.status, 0) << pushed.err;
        if (pushed.status != 0) return "";
        const std::string id = pushed.json()["manifest"]["id"];
        std::filesystem::remove_all(instance_directory() / "bckups" / id);
        return id;
    }

    // The root's files, inventory and containers, the live container's identity and start,
    // and the refs it serves: what a drill must not change.
    std::string live_state() const {
        auto inspected = run_command({"docker", "inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", container()});
        auto refs = run_command({"docker", "exec", container(), "git", "-c", "safe.directory=*", "-C",
                                 "/var/opt/gitlab/git-data/repositories/team/project.git", "for-each-ref"});
        // The drill's own record aside.
        std::string files = observable_state();
        const std::string report = std::string(kRemoteDrills) + "\n";
        if (auto at = files.find(report); at != std::string::npos) files.erase(at, report.size());
        return inspected.out + refs.out + files;
    }

    // Neither the throwaway container nor a scratch or fetched copy.
    void expect_no_leftovers(const std::string& label) const {
        EXPECT_EQ(run_command({"docker", "ps", "-a", "-q", "--filter", "name=" + container() + "-drill"}).out, "") << label;
        for (const auto& item : std::filesystem::directory_iterator(instance_directory()))
            EXPECT_FALSE(item.path().filename().string().starts_with("drill-")) << label << ": " << item.path();
    }

    nlohmann::json remote_drills() const {
        return nlohmann::json::parse(read_file(root() / kRemoteDrills), nullptr, false);
    }

    static bool has_check(const nlohmann::json& report, const std::string& name, bool passed) {
        for (const auto& check : report["checks"])
            if (check["name"].get<std::string>().starts_with(name) && check["passed"].get<bool>() == passed) return true;
        return false;
    }

    static std::size_t lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }
};

TEST_F(DrillFromRemote, ASnapshotLeftOnlyOnTheRemoteDrillsCleanTheNewestOrTheOneAskedFor) {
    configure(root(), local_repository().string(), password_file());
    ASSERT_FALSE(commission_with_repository(kAddress).empty());
    const std::string first = backup_only_on_remote();
    const std::string second = backup_only_on_remote();
    ASSERT_FALSE(first.empty());
    ASSERT_FALSE(second.empty());
    ASSERT_TRUE(backup_ids("wiki").empty()) << "the snapshots are on the remote only";
    const std::string before = live_state();

    // The newest, from the instance's configured repository.
    auto drilled = girofle({"--json", "drill", "wiki", "--from-remote"});
    ASSERT_EQ(drilled.status, 0) << drilled.out << drilled.err;
    auto report = drilled.json();
    EXPECT_EQ(report["backup"], second);
    EXPECT_EQ(report["remote"], local_repository().string());
    EXPECT_TRUE(report["passed"].get<bool>()) << report.dump(2);
    for (const char* check : {"fetched", "checksums", "secrets file", "container ready", "database recovered",
                              "fsck team/project.git", "refs team/project.git", "secrets decrypt"})
        EXPECT_TRUE(has_check(report, check, true)) << check << " in " << report.dump(2);
    expect_no_leftovers("newest");
    EXPECT_EQ(live_state(), before);

    // The one asked for, from the location given.
    auto asked = girofle({"drill", "wiki", "--from-remote", local_repository().string(), "--backup", first});
    ASSERT_EQ(asked.status, 0) << asked.out << asked.err;
    EXPECT_NE(asked.out.find("drill of backup " + first + " (remote snapshot "), std::string::npos) << asked.out;
    expect_no_leftovers("asked for");
    EXPECT_EQ(live_state(), before);

    // Its record: the instance's remote-drills.json, `backups`, the metrics.
    auto recorded = remote_drills();
    ASSERT_TRUE(recorded.is_object()) << read_file(root() / kRemoteDrills);
    ASSERT_EQ(recorded["drills"].size(), 2u) << recorded.dump(2);
    EXPECT_EQ(recorded["drills"][0]["backup"], second);
    EXPECT_EQ(recorded["drills"][1]["backup"], first);
    EXPECT_TRUE(recorded["drills"][1]["passed"].get<bool>());
    auto listed = girofle({"--json", "backups", "wiki"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["remote_drills"].size(), 2u) << listed.out;
    const std::string metrics = read_file(root() / "metrics/girofle.prom");
    EXPECT_NE(metrics.find("girofle_remote_drill_last_success_timestamp_seconds{number=\"1\",name=\"wiki\"} "),
              std::string::npos) << metrics;
    EXPECT_NE(metrics.find("girofle_remote_drill_failures_total{number=\"1\",name=\"wiki\"} 0"), std::string::npos)
        << metrics;
}

TEST_F(DrillFromRemote, BadInputAndADamagedRemoteFailInOneLineAndLeaveNothingBehind) {
    configure(root(), local_repository().string(), password_file());
    ASSERT_FALSE(commission_with_repository(kAddress).empty());
    const std::string id = backup_only_on_remote();
    ASSERT_FALSE(id.empty());
    const std::string before = live_state();

    // Bad input changes nothing at all, not even the drill record.
    const auto empty_repository = scratch() / "restic-empty";
    ASSERT_EQ(run_command({"restic", "-r", empty_repository.string(), "init", "--password-file", password_file().string()})
                  .status,
              0);
    const auto wrong_password = scratch() / "secret" / "wrong-password";
    write_file(wrong_password, "not-the-password\n");
    ::chmod(wrong_password.c_str(), 0600);
    struct BadInput {
        std::string label;
        std::vector<std::string> args;
        int status;
        std::string named;  // the object the error line names
    };
    const std::vector<BadInput> bad_inputs = {
        {"relative location", {"drill", "wiki", "--from-remote", "restic-repo"}, 2, "restic-repo"},
        {"no repository there", {"drill", "wiki", "--from-remote", (scratch() / "nothing").string()}, 1,
         (scratch() / "nothing").string()},
        {"no snapshot of the instance", {"drill", "wiki", "--from-remote", empty_repository.string()}, 2,
         "holds no snapshot of"},
        {"unknown backup", {"drill", "wiki", "--from-remote", "--backup", "20200101T000000Z"}, 2,
         "backup 20200101T000000Z"},
    };
    for (const auto& bad : bad_inputs) {
        auto refused = girofle(bad.args);
        EXPECT_EQ(refused.status, bad.status) << bad.label << ": " << refused.out << refused.err;
        EXPECT_EQ(lines(refused.err), 1u) << bad.label << ": " << refused.err;
        EXPECT_NE(refused.err.find(bad.named), std::string::npos) << bad.label << ": " << refused.err;
        EXPECT_EQ(live_state(), before) << bad.label;
        EXPECT_FALSE(std::filesystem::exists(root() / kRemoteDrills)) << bad.label;
    }
    configure(root(), local_repository().string(), wrong_password);
    auto refused = girofle({"drill", "wiki", "--from-remote"});
    EXPECT_EQ(refused.status, 1) << refused.out << refused.err;
    EXPECT_EQ(lines(refused.err), 1u) << refused.err;
    EXPECT_NE(refused.err.find("wrong repository password"), std::string::npos) << refused.err;
    EXPECT_EQ(live_state(), before);
    EXPECT_FALSE(std::filesystem::exists(root() / kRemoteDrills));
    // The history names the operation the user ran.
    const std::string history = read_file(root() / "logs" / "operations.jsonl");
    EXPECT_NE(history.find(R"("operation":"drill --from-remote")"), std::string::npos) << history;
    EXPECT_EQ(history.find(R"("operation":"drill")"), std::string::npos) << history;
    configure(root(), local_repository().string(), password_file());

    // A pack file of the repository cut in half: restic cannot give the snapshot back.
    for (const auto& item : std::filesystem::recursive_directory_iterator(local_repository() / "data"))
        if (item.is_regular_file()) std::filesystem::resize_file(item.path(), item.file_size() / 2);
    auto failed = girofle({"drill", "wiki", "--from-remote"});
    EXPECT_EQ(failed.status, 1) << failed.out << failed.err;
    EXPECT_EQ(lines(failed.err), 1u) << failed.err;
    EXPECT_NE(failed.err.find("drill failed: fetched and verified"), std::string::npos) << failed.err;
    expect_no_leftovers("damaged");
    EXPECT_EQ(live_state(), before);
    auto recorded = remote_drills();
    ASSERT_TRUE(recorded.is_object());
    ASSERT_EQ(recorded["drills"].size(), 1u);
    EXPECT_EQ(recorded["drills"][0]["backup"], id);
    EXPECT_FALSE(recorded["drills"][0]["passed"].get<bool>());
    EXPECT_TRUE(has_check(recorded["drills"][0], "fetched and verified", false)) << recorded.dump(2);
    const std::string metrics = read_file(root() / "metrics/girofle.prom");
    EXPECT_NE(metrics.find("girofle_remote_drill_failures_total{number=\"1\",name=\"wiki\"} 1"), std::string::npos)
        << metrics;
}

TEST_F(DrillFromRemote, AKilledRemoteDrillLeavesNothingAfterTheNextCommand) {
    configure(root(), local_repository().string(), password_file());
    ASSERT_FALSE(commission_with_repository(kAddress).empty());
    ASSERT_FALSE(backup_only_on_remote().empty());
    auto child = start_process({.argv = {GIROFLE_BINARY, "--root", root().string(), "-q", "drill", "wiki", "--from-remote"},
                                .env = {{"GIROFLE_CRON_DIR", test_cron_directory(root()).string()}}});
    ASSERT_TRUE(child);
    auto fetching = [&] {
        std::error_code ignored;
        for (const auto& item : std::filesystem::directory_iterator(instance_directory(), ignored))
            if (item.path().filename().string().starts_with("drill-remote-")) return true;
        return false;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fetching() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(fetching()) << "the drill never began to fetch";
    ASSERT_TRUE(kill_and_wait_until_reaped(*child, std::chrono::seconds(30)));
    // The next command on the instance: the scheduled backup.
    auto next = girofle({"backup", "wiki"});
    ASSERT_EQ(next.status, 0) << next.err;
    expect_no_leftovers("after the next command");
}

}  // namespace
}  // namespace girofle::testing
