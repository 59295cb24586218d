// Remote failures: a clear one-line error, the right exit status, and nothing changed on the
// root (a failed push keeps the snapshot and leaves it pending for the next run).
#include <sys/stat.h>

#include <sstream>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

void expect_one_line_error(const CommandResult& result, int status, const std::string& says) {
    EXPECT_EQ(result.status, status) << result.err;
    EXPECT_TRUE(result.err.starts_with("girofle: error: ")) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(says), std::string::npos) << result.err;
}

class RemoteFailures : public RemoteTest {
protected:
    // "wiki" on `ip`, backed up once to the local-path repository.
    void commission_and_push(const std::string& ip) {
        configure(root(), local_repository().string(), password_file());
        ASSERT_FALSE(commission({"--name", "wiki", "--ip", ip}).empty());
        auto pushed = girofle({"backup", "wiki", "--remote"});
        ASSERT_EQ(pushed.status, 0) << pushed.err;
    }
};

TEST_F(RemoteFailures, RefusalsOnTheRestoringRootChangeNothing) {
    commission_and_push("127.0.5.2");
    const auto wrong = scratch() / "secret" / "wrong-password";
    write_file(wrong, "not the password\n");
    ::chmod(wrong.c_str(), 0600);
    const std::string local = local_repository().string();

    configure(root_b(), "", wrong);
    const std::string before = root_listing(root_b());
    expect_one_line_error(girofle_b({"restore", "--from-remote", local}), 1, "wrong repository password");
    expect_one_line_error(girofle_b({"remote", "list", "--location", local}), 1, "wrong repository password");

    configure(root_b(), "", password_file(), unreachable_sftp_command(sftp_->sftp_command(), sftp_->port()));
    expect_one_line_error(girofle_b({"restore", "--from-remote", sftp_repository()}), 1, "unreachable");

    configure(root_b(), "", password_file());
    expect_one_line_error(girofle_b({"restore", "--from-remote", local, "--snapshot", "20000101T000000Z"}), 2,
                          "snapshot 20000101T000000Z: not in remote");
    expect_one_line_error(girofle_b({"restore", "--from-remote", (scratch() / "no-such-repository").string()}), 1,
                          "no restic repository there");
    expect_one_line_error(girofle_b({"restore", "--from-remote", "relative/path"}), 2, "not a restic location");
    EXPECT_EQ(root_listing(root_b()), before);
    // The history names the operation the user ran (the refusals for bad usage are not in it).
    const std::string history = read_file(root_b() / "logs" / "operations.jsonl");
    EXPECT_NE(history.find(R"("operation":"restore --from-remote")"), std::string::npos) << history;
    EXPECT_EQ(history.find(R"("operation":"restore")"), std::string::npos) << history;

    // A password file others can read is refused, named, before anything is backed up.
    const auto loose = scratch() / "secret" / "loose-password";
    write_file(loose, password() + "\n");
    ::chmod(loose.c_str(), 0644);
    configure(root(), local, loose);
    const std::string root_a_before = root_listing(root());
    expect_one_line_error(girofle({"backup", "wiki", "--remote"}), 2, "password file " + loose.string() + ": mode 0644");
    EXPECT_EQ(root_listing(root()), root_a_before);
}

// A snapshot damaged on its VM before it was pushed: restic gives it back as it was pushed,
// and the restore on the other root, which checks each file as it copies it, refuses it,
// names the file and leaves that root as it was, its instance number still free.
TEST_F(RemoteFailures, ASnapshotDamagedBeforeItsPushIsRefusedNamingTheFileAndReservesNothing) {
    configure(root(), local_repository().string(), password_file());
    ASSERT_FALSE(commission({"--name", "wiki", "--ip", "127.0.5.5"}).empty());
    auto backed_up = girofle({"backup", "wiki"});
    ASSERT_EQ(backed_up.status, 0) << backed_up.err;
    const std::string id = backup_ids("wiki").back();
    // Replaced, not written in place: the snapshot shares its files with older ones.
    const auto damaged = root() / "noeud-gitlab-1" / "bckups" / id / "config" / "gitlab-secrets.json";
    const std::string content = read_file(damaged);
    ASSERT_FALSE(content.empty());
    std::filesystem::remove(damaged);
    write_file(damaged, content.substr(0, content.size() / 2));
    auto pushed = girofle({"remote", "push", "wiki", "--backup", id});
    ASSERT_EQ(pushed.status, 0) << pushed.err;

    configure(root_b(), "", password_file());
    // The inventory's database files are left out: reserving the number and taking it back
    // may grow them; what they hold is checked with `list` below.
    auto outside_inventory = [&] {
        std::string kept;
        std::istringstream lines(root_listing(root_b()));
        for (std::string line; std::getline(lines, line);)
            if (!line.starts_with("inventory")) kept += line + "\n";
        return kept;
    };
    const std::string before = outside_inventory();
    // On another address: the first root's instance still holds its own.
    const std::vector<std::string> restore = {"restore", "--from-remote", local_repository().string(),
                                              "--snapshot", id, "--ip", "127.0.5.6"};
    expect_one_line_error(girofle_b(restore), 1,
                          "backup " + id + ": damaged, restore refused: 1 problem(s), first: config/gitlab-secrets.json");
    EXPECT_EQ(outside_inventory(), before);
    EXPECT_EQ(girofle_b({"--json", "list", "--all"}).json()["instances"], nlohmann::json::array());
    EXPECT_EQ(run_command({"docker", "ps", "-aq", "--filter", "label=io.girofle.root=" + root_b().string()}).out, "");

    // The refusal reserved nothing: an intact snapshot comes back under the instance's own number.
    auto again = girofle({"--json", "backup", "wiki"});
    ASSERT_EQ(again.status, 0) << again.err;
    ASSERT_EQ(girofle({"remote", "push", "wiki"}).status, 0);
    auto restored = girofle_b({"--json", "restore", "--from-remote", local_repository().string(), "--ip", "127.0.5.6"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(restored.json()["number"], 1);
    EXPECT_EQ(restored.json()["backup"], again.json()["manifest"]["id"]);
    EXPECT_EQ(read_file(root_b() / "noeud-gitlab-1/mapping-volumes/config/gitlab-secrets.json"), content);
}

TEST_F(RemoteFailures, AFailedPushKeepsTheSnapshotAndTheNextRunPushesIt) {
    commission_and_push("127.0.5.3");
    configure(root(), sftp_repository(), password_file(), unreachable_sftp_command(sftp_->sftp_command(), sftp_->port()));
    auto failed = girofle({"--json", "backup", "wiki", "--remote"});
    expect_one_line_error(failed, 1, "kept locally but not pushed");
    const auto ids = backup_ids("wiki");
    ASSERT_EQ(ids.size(), 2u);
    const auto pending_file = root() / "noeud-gitlab-1" / "remote-pending.json";
    ASSERT_TRUE(std::filesystem::exists(pending_file));
    EXPECT_NE(read_file(pending_file).find(ids.back()), std::string::npos);
    EXPECT_EQ(girofle({"verify", "wiki", "--backup", ids.back()}).status, 0) << "the local snapshot is intact";
    EXPECT_NE(read_file(root() / "logs" / "operations.jsonl").find("\"pending\""), std::string::npos);

    configure(root(), sftp_repository(), password_file());
    auto retried = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(retried.status, 0) << retried.err;
    const auto now = backup_ids("wiki");
    EXPECT_EQ(retried.json()["remote"]["pushed"], nlohmann::json::array({ids.back(), now.back()}));
    EXPECT_FALSE(std::filesystem::exists(pending_file));
    auto listed = girofle({"--json", "remote", "list"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["snapshots"].size(), 2u);

    // --all pushes too, and prune keeps what remote.keep says.
    auto all = girofle({"backup", "--all", "--remote"});
    EXPECT_EQ(all.status, 0) << all.err;
    auto config = nlohmann::json::parse(read_file(root() / "girofle.json"));
    config["remote"]["keep"] = {{"last", 1}, {"daily", 0}, {"weekly", 0}};
    write_root_config(config);
    auto pruned = girofle({"--json", "remote", "prune"});
    ASSERT_EQ(pruned.status, 0) << pruned.err;
    EXPECT_EQ(pruned.json()[0]["removed"], 2);
    EXPECT_EQ(girofle({"--json", "remote", "list"}).json()["snapshots"].size(), 1u);
}

TEST_F(RemoteFailures, CheckFindsADamagedPackFile) {
    commission_and_push("127.0.5.4");
    auto healthy = girofle({"remote", "check", "--read-data"});
    ASSERT_EQ(healthy.status, 0) << healthy.err;
    // The largest pack holds file contents: flip bytes in its middle.
    std::filesystem::path largest;
    std::uintmax_t largest_size = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(local_repository() / "data"))
        if (entry.is_regular_file() && entry.file_size() > largest_size) {
            largest = entry.path();
            largest_size = entry.file_size();
        }
    ASSERT_FALSE(largest.empty());
    std::string content = read_file(largest);
    for (std::size_t i = content.size() / 2; i < content.size() / 2 + 64; ++i) content[i] = static_cast<char>(~content[i]);
    ::chmod(largest.c_str(), 0600);
    write_file(largest, content);
    const std::string before = root_listing(root());
    expect_one_line_error(girofle({"remote", "check", "--read-data"}), 1, "damaged");
    EXPECT_EQ(root_listing(root()), before);
}

}  // namespace
}  // namespace girofle::testing
