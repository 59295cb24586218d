// Acceptance (issue 13, item 4): pushes read only what changed. Every push of an instance is
// made from one stable path with the previous push as restic's parent, so the push of the
// next snapshot reads only the files that are not hard links to the previous one; a snapshot
// already on the remote is not pushed twice. What was pushed comes back identical through restore --from-remote, and a
// snapshot pushed by Girofle before the stable path (under its own full path) still restores.
#include <sys/stat.h>

#include <map>
#include <sstream>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

constexpr const char* kAddress = "127.0.7.41";
constexpr const char* kAddressOnB = "127.0.7.42";

// Relative path -> inode of every regular file under `snapshot` (what restic counts as files).
std::map<std::string, ino_t> file_inodes(const std::filesystem::path& snapshot) {
    std::map<std::string, ino_t> inodes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(snapshot)) {
        if (entry.symlink_status().type() != std::filesystem::file_type::regular) continue;
        struct stat info {};
        EXPECT_EQ(::lstat(entry.path().c_str(), &info), 0) << entry.path();
        inodes[std::filesystem::relative(entry.path(), snapshot).string()] = info.st_ino;
    }
    return inodes;
}

// Files of `next` that are not the same file (hard link) as in `previous`: what a push must read.
std::size_t files_to_read(const std::map<std::string, ino_t>& next, const std::map<std::string, ino_t>& previous) {
    std::size_t count = 0;
    for (const auto& [path, inode] : next) {
        auto before = previous.find(path);
        if (before == previous.end() || before->second != inode) ++count;
    }
    return count;
}

// Paths, owners, modes, sizes and contents of every file under `directory`.
// ownership_listing without sockets (PostgreSQL's .s.PGSQL.5432): restic stores none, and a
// socket is only its server's while it runs.
std::string listing_without_sockets(const std::filesystem::path& tree) {
    std::istringstream lines(ownership_listing(tree));
    std::string kept;
    for (std::string line; std::getline(lines, line);) {
        struct stat info {};
        if (::lstat((tree / line.substr(0, line.find(' '))).c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) continue;
        kept += line + "\n";
    }
    return kept;
}

// Where two trees first differ (an entry's presence, owner, mode or size, then a file's
// content), "" when they do not: one line, not a diff of listings of thousands of files.
std::string first_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::istringstream listing_a(listing_without_sockets(a)), listing_b(listing_without_sockets(b));
    std::string line_a, line_b;
    while (std::getline(listing_a, line_a)) {
        if (!std::getline(listing_b, line_b) || line_a != line_b) return "'" + line_a + "' against '" + line_b + "'";
    }
    if (std::getline(listing_b, line_b)) return "only in the second tree: " + line_b;
    for (const auto& [path, inode] : file_inodes(a))
        if (read_file(a / path) != read_file(b / path)) return path + ": content differs";
    return "";
}

class IncrementalPush : public RemoteTest {
protected:
    std::filesystem::path snapshot_path(const std::filesystem::path& root, const std::string& id) const {
        return root / "noeud-gitlab-1" / "bckups" / id;
    }
    // restore --from-remote on root B of `backup` (a Girofle ID or a restic ID), then the
    // fetched snapshot's data compared with the one pushed from root A.
    void expect_restores(const std::string& backup, const std::string& id, const std::string& label) {
        destroy_root(root_b());
        configure(root_b(), "", password_file());
        auto restored = girofle_b({"--json", "restore", "--from-remote", local_repository().string(), "--instance",
                                   "wiki", "--snapshot", backup, "--ip", kAddressOnB});
        ASSERT_EQ(restored.status, 0) << label << ": " << restored.err;
        EXPECT_EQ(restored.json()["backup"], id) << label;
        for (const char* volume : {"data", "config"})
            EXPECT_EQ(first_difference(snapshot_path(root_b(), id) / volume, snapshot_path(root(), id) / volume), "")
                << label << ": the " << volume << " that came back differs from what was pushed";
        EXPECT_EQ(girofle_b({"verify", "wiki"}).status, 0) << label;
    }
};

TEST_F(IncrementalPush, UnchangedFilesAreSkippedByMetadataAndEveryLayoutRestores) {
    configure(root(), local_repository().string(), password_file());
    auto record = commission({"--name", "wiki", "--ip", kAddress});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    write_filler(directory / "mapping-volumes/data/filler", 200, 64 * 1024);

    // 1. The first push reads everything (a new repository: nothing to compare with).
    auto first = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(first.status, 0) << first.err;
    const std::string first_id = first.json()["manifest"]["id"];
    const auto first_files = file_inodes(snapshot_path(root(), first_id));
    ASSERT_GT(first_files.size(), 200u);
    EXPECT_EQ(first.json()["remote"]["files_new"], first_files.size()) << first.out;
    std::error_code missing;
    EXPECT_FALSE(std::filesystem::is_symlink(directory / "remote-source", missing)) << "the stable path goes after the push";

    // 2. The same snapshot again is not pushed twice: a duplicate would take a slot of the
    //    remote's retention. Once the remote has lost it, it is pushed again.
    auto again = girofle({"--json", "remote", "push", "wiki"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.json()["pushed"], nlohmann::json::array()) << again.out;
    EXPECT_EQ(again.json()["already_on_remote"], nlohmann::json::array({first_id})) << again.out;
    auto said = girofle({"remote", "push", "wiki"});
    ASSERT_EQ(said.status, 0) << said.err;
    EXPECT_NE(said.out.find("backup " + first_id + " is already on"), std::string::npos) << said.out;
    auto on_remote = girofle({"--json", "remote", "list", "wiki"});
    ASSERT_EQ(on_remote.status, 0) << on_remote.err;
    ASSERT_EQ(on_remote.json()["snapshots"].size(), 1u) << on_remote.out;
    auto forgot = run_command({"restic", "-r", local_repository().string(), "--password-file", password_file().string(),
                               "forget", on_remote.json()["snapshots"][0]["restic_id"].get<std::string>()});
    ASSERT_EQ(forgot.status, 0) << forgot.err;
    auto pushed_again = girofle({"--json", "remote", "push", "wiki"});
    ASSERT_EQ(pushed_again.status, 0) << pushed_again.err;
    EXPECT_EQ(pushed_again.json()["pushed"], nlohmann::json::array({first_id})) << pushed_again.out;
    EXPECT_EQ(pushed_again.json()["already_on_remote"], nlohmann::json::array()) << pushed_again.out;
    EXPECT_EQ(pushed_again.err.find("% "), std::string::npos) << "no progress line when stderr is not a terminal: " << pushed_again.err;

    // 3. The next snapshot: its unchanged files are hard links to the first one's (a new ctime,
    //    the same inode), so restic reads only the files that are not.
    auto next = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(next.status, 0) << next.err;
    const std::string next_id = next.json()["manifest"]["id"];
    const auto next_files = file_inodes(snapshot_path(root(), next_id));
    const std::size_t to_read = files_to_read(next_files, first_files);
    std::cout << "next snapshot: " << next_files.size() << " files, " << to_read << " not hard-linked to the previous one; "
              << next.json()["remote"].dump() << "\n";
    ASSERT_LT(to_read, next_files.size() / 2) << "the snapshots share too little for the test to prove anything";
    EXPECT_EQ(next.json()["remote"]["files_unmodified"], next_files.size() - to_read) << next.out;
    EXPECT_EQ(next.json()["remote"]["files_new"].get<std::size_t>() + next.json()["remote"]["files_changed"].get<std::size_t>(),
              to_read)
        << next.out;
    // The operations log carries restic's summary of each push.
    const std::string log = read_file(root() / "logs" / "operations.jsonl");
    EXPECT_NE(log.find("\"files_unmodified\":" + std::to_string(next_files.size() - to_read)), std::string::npos) << log;

    // 4. A snapshot pushed the way Girofle did before the stable path: restic backup of the
    //    snapshot directory's full path, with Girofle's tags.
    auto old_push = run_command({"restic", "-r", local_repository().string(), "--password-file", password_file().string(),
                                 "backup", "--json", "--tag", "girofle", "--tag", "instance=1", "--tag", "name=wiki",
                                 "--tag", "snapshot=" + first_id, "--tag", "gitlab=17.5.1", "--",
                                 snapshot_path(root(), first_id).string()});
    ASSERT_EQ(old_push.status, 0) << old_push.err;
    const auto summary_line = old_push.out.substr(old_push.out.rfind("{\"message_type\":\"summary\""));
    const std::string old_restic_id = nlohmann::json::parse(summary_line)["snapshot_id"];
    auto listed = girofle({"--json", "remote", "list", "wiki"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["snapshots"].size(), 3u) << listed.out;

    // 5. Both layouts come back on another root, identical to what was pushed.
    expect_restores(old_restic_id, first_id, "old layout");
    expect_restores(next_id, next_id, "stable path");
}

}  // namespace
}  // namespace girofle::testing
