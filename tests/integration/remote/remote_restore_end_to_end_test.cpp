// Acceptance: an instance backed up with --remote to an SFTP server and to a local-path
// repository comes back on another root (another VM) from each, its repositories identical,
// its configuration with modes and numeric owners; a second push of unchanged data adds
// almost nothing; the password is in no process's arguments or environment and in no file
// but its own.
#include <atomic>
#include <thread>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

constexpr const char* kAddress = "127.0.5.1";

// Every file under `directory` whose content holds `text`, `except` aside.
std::vector<std::string> files_containing(const std::filesystem::path& directory, const std::string& text,
                                          const std::filesystem::path& except) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        if (!entry.is_regular_file() || entry.path() == except) continue;
        if (read_file(entry.path()).find(text) != std::string::npos) found.push_back(entry.path().string());
    }
    return found;
}

// Samples every process's arguments and environment while `work` runs.
struct ProcessSamples {
    std::string text;
    bool saw_restic = false;
};
ProcessSamples sample_processes_during(const std::function<void()>& work) {
    ProcessSamples samples;
    std::atomic<bool> done = false;
    std::thread sampler([&] {
        while (!done) {
            auto args = run_command({"ps", "-eo", "args"});
            auto environments = run_command({"ps", "-e", "eww"});
            samples.text += args.out + environments.out;
            samples.saw_restic = samples.saw_restic || args.out.find("restic") != std::string::npos;
        }
    });
    work();
    done = true;
    sampler.join();
    return samples;
}

class RemoteRestoreEndToEnd : public RemoteTest {
protected:
    // What a restore must bring back, read from a snapshot of root A.
    struct Expected {
        std::string refs, secrets, owners;
    };

    void expect_restored(const Expected& expected, const std::string& git_password, const std::string& label) {
        const auto volumes = root_b() / "noeud-gitlab-1" / "mapping-volumes";
        EXPECT_EQ(served_refs(kAddress, git_password, "clone-" + label), expected.refs) << label;
        EXPECT_EQ(read_file(volumes / "config/gitlab-secrets.json"), expected.secrets) << label;
        EXPECT_EQ(ownership_listing(volumes / "data/git-data") + ownership_listing(volumes / "config"), expected.owners)
            << label;
        auto status = girofle_b({"--json", "status", "wiki"});
        EXPECT_EQ(status.json()["live_state"], "running (healthy)") << label;
    }
};

TEST_F(RemoteRestoreEndToEnd, BackedUpToSftpAndALocalPathRestoresOnAnotherRootFromEach) {
    configure(root(), sftp_repository(), password_file());
    const std::string git_password = commission_with_repository(kAddress);
    ASSERT_FALSE(git_password.empty());
    // An hourly schedule of its own, which must come back with the instance on another VM.
    ASSERT_EQ(girofle({"schedule", "set", "wiki", "17 * * * *", "--remote"}).status, 0);
    // Enough data that a repeated push's cost shows against the snapshot's size.
    write_filler(root() / "noeud-gitlab-1" / "mapping-volumes" / "data" / "filler", 200, 64 * 1024);

    // 1. Root A pushes to the SFTP server while every process is watched.
    CommandResult pushed;
    auto samples = sample_processes_during([&] { pushed = girofle({"--json", "backup", "wiki", "--remote"}); });
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    const std::string first = pushed.json()["manifest"]["id"];
    EXPECT_EQ(pushed.json()["remote"]["pushed"], nlohmann::json::array({first}));
    EXPECT_TRUE(samples.saw_restic) << "the sampler never saw restic running";
    EXPECT_EQ(samples.text.find(password()), std::string::npos) << "the password showed in ps";

    auto listed = girofle({"--json", "remote", "list", "wiki"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    const nlohmann::json remote_snapshots = listed.json()["snapshots"];
    ASSERT_EQ(remote_snapshots.size(), 1u) << listed.out;
    EXPECT_EQ(remote_snapshots[0]["instance"], 1);
    EXPECT_EQ(remote_snapshots[0]["name"], "wiki");
    EXPECT_EQ(remote_snapshots[0]["backup"], first);
    EXPECT_EQ(remote_snapshots[0]["gitlab"], "17.5.1");

    // 2. Then to a local path, twice: the second push of unchanged data adds almost nothing.
    configure(root(), local_repository().string(), password_file());
    auto to_local = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(to_local.status, 0) << to_local.err;
    const auto size_before = directory_bytes(local_repository());
    auto again = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(again.status, 0) << again.err;
    const auto size_after = directory_bytes(local_repository());
    const std::string last = again.json()["manifest"]["id"];
    const auto added = size_after - size_before;
    std::cout << "second push of unchanged data: repository " << size_before << " -> " << size_after << " bytes (+"
              << added << "), restic data_added " << again.json()["remote"]["bytes_added"] << "; snapshot holds "
              << again.json()["manifest"]["bytes"] << " bytes\n";
    RecordProperty("second_push_added_bytes", std::to_string(added));
    EXPECT_GT(again.json()["manifest"]["bytes"].get<std::uintmax_t>(), 12u << 20);
    // The running GitLab's database rewrites some of its own files between two backups (WAL,
    // statistics): those chunks are new to the remote too.
    const auto backups = root() / "noeud-gitlab-1" / "bckups";
    const auto database_changes = new_bytes_under(backups / last / "data/postgresql",
                                                  backups / to_local.json()["manifest"]["id"].get<std::string>() /
                                                      "data/postgresql");
    EXPECT_LT(added, 256u * 1024 + database_changes)
        << "an unchanged snapshot must cost the remote only its metadata and the database's own rewrites";

    const auto snapshot = root() / "noeud-gitlab-1" / "bckups" / last;
    const Expected expected{served_refs(kAddress, git_password, "at-backup"),
                            read_file(snapshot / "config/gitlab-secrets.json"),
                            ownership_listing(snapshot / "data/git-data") + ownership_listing(snapshot / "config")};
    ASSERT_NE(expected.owners.find("gitlab-secrets.json 0:0 600 "), std::string::npos) << expected.owners;
    ASSERT_NE(expected.owners.find(" 998:998 "), std::string::npos) << "repositories belong to git (998)";
    EXPECT_EQ(files_containing(root(), password(), password_file()), std::vector<std::string>{});

    // 3. VM A is lost: its container and its whole root.
    destroy_root(root());

    // 4. VM B restores from the SFTP server, then (B lost in turn) from the local path.
    configure(root_b(), "", password_file());
    auto from_sftp = girofle_b({"--json", "restore", "--from-remote", sftp_repository()});
    ASSERT_EQ(from_sftp.status, 0) << from_sftp.err;
    EXPECT_EQ(from_sftp.json()["number"], 1);
    EXPECT_EQ(from_sftp.json()["name"], "wiki");
    EXPECT_EQ(from_sftp.json()["backup"], first);
    EXPECT_TRUE(std::filesystem::is_regular_file(root_b() / "noeud-gitlab-1/bckups" / first / "manifest.json"));
    expect_restored(expected, git_password, "sftp");
    EXPECT_EQ(girofle_b({"verify", "wiki"}).status, 0) << "the fetched snapshot is a verified local backup";
    auto restored_status = girofle_b({"--json", "status", "wiki"});
    EXPECT_EQ(restored_status.json()["schedule"],
              (nlohmann::json{{"cron", "17 * * * *"}, {"drill", "30 1 * * 0"}, {"remote", true}}))
        << "the instance keeps its own schedule and drills, not the new root's default";

    destroy_root(root_b());
    configure(root_b(), "", password_file());
    auto from_local = girofle_b({"--json", "restore", "--from-remote", local_repository().string(), "--instance",
                                 "wiki", "--snapshot", last, "--ip", kAddress});
    ASSERT_EQ(from_local.status, 0) << from_local.err;
    EXPECT_EQ(from_local.json()["backup"], last);
    expect_restored(expected, git_password, "local");

    EXPECT_EQ(files_containing(scratch(), password(), password_file()), std::vector<std::string>{});
}

}  // namespace
}  // namespace girofle::testing
