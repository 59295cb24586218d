// Acceptance: what was pushed before a backup comes back exactly after a restore (refs and
// objects, git fsck clean), with numeric owners and modes, the container healthy and the URL
// unchanged; later pushes and a deleted branch are undone, and nothing is deleted on the way.
#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class BackupRestore : public GitlabTest {
protected:
    // Commissions `name` on `ip` with a repository pushed to it; returns the root password.
    std::string commission_with_repository(const std::string& name, const std::string& ip) {
        auto record = commission({"--name", name, "--ip", ip});
        if (record.empty()) return "";
        std::string password = initial_root_password(record["directory"].get<std::string>());
        make_repository(scratch() / "source");
        url_ = "http://" + ip + "/team/project.git";
        // main first: like GitLab, the stand-in makes the first branch pushed the default one.
        EXPECT_EQ(git_with_password({"push", "-q", url_, "main"}, password, scratch() / "source").status, 0);
        EXPECT_EQ(git_with_password({"push", "-q", url_, "--all"}, password, scratch() / "source").status, 0);
        EXPECT_EQ(git_with_password({"push", "-q", url_, "--tags"}, password, scratch() / "source").status, 0);
        return password;
    }

    std::string refs_on_server(const std::string& password, const std::string& name) {
        auto mirror = scratch() / name;
        auto cloned = git_with_password({"clone", "-q", "--mirror", url_, mirror.string()}, password);
        EXPECT_EQ(cloned.status, 0) << cloned.err;
        EXPECT_EQ(run_command({"git", "fsck", "--strict", "--no-dangling"}, {}, mirror).status, 0);
        return refs_of(mirror);
    }

    std::string url_;
};

TEST_F(BackupRestore, RestoreUndoesLaterPushesAndBranchDeletionsExactly) {
    const std::string password = commission_with_repository("wiki", "127.0.0.51");
    ASSERT_FALSE(password.empty());
    const auto directory = root() / "noeud-gitlab-1";
    const std::string refs_at_backup = refs_on_server(password, "at-backup");
    const std::string secrets_at_backup = read_file(directory / "mapping-volumes/config/gitlab-secrets.json");

    auto manifest = backup("wiki");
    ASSERT_FALSE(manifest.empty());
    const std::string id = manifest["id"];
    EXPECT_EQ(manifest["strategy"], "freeze");
    EXPECT_EQ(manifest["gitlab_version"], "17.5.1");
    EXPECT_EQ(manifest["image"]["reference"], kStandinImage);
    EXPECT_GT(manifest["files"].get<int>(), 10);
    const std::string owners_at_backup = ownership_listing(directory / "bckups" / id / "data/git-data") +
                                         ownership_listing(directory / "bckups" / id / "config");

    // Later history the restore must undo: a new commit and a deleted branch.
    const std::string later = commit_and_push(scratch() / "source", url_, password, "main", "later.txt");
    ASSERT_FALSE(later.empty());
    ASSERT_EQ(git_with_password({"push", "-q", url_, ":feature"}, password, scratch() / "source").status, 0);
    ASSERT_NE(refs_on_server(password, "after-changes"), refs_at_backup);

    auto restored = girofle({"--json", "restore", "wiki", "--backup", id});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(restored.json()["external_url"], "http://127.0.0.51");
    EXPECT_EQ(refs_on_server(password, "after-restore"), refs_at_backup);

    EXPECT_EQ(ownership_listing(directory / "mapping-volumes/data/git-data") +
                  ownership_listing(directory / "mapping-volumes/config"),
              owners_at_backup);
    EXPECT_NE(owners_at_backup.find(" 998:998 "), std::string::npos) << "repositories belong to git (998)";
    EXPECT_EQ(read_file(directory / "mapping-volumes/config/gitlab-secrets.json"), secrets_at_backup);
    EXPECT_NE(owners_at_backup.find("gitlab-secrets.json 0:0 600 "), std::string::npos) << owners_at_backup;

    auto status = girofle({"--json", "status", "wiki"});
    EXPECT_EQ(status.json()["live_state"], "running (healthy)");
    auto url = http_get("http://127.0.0.51/-/standin/external_url");
    EXPECT_EQ(url.out.substr(0, url.out.find('\n')), "http://127.0.0.51") << "GITLAB_OMNIBUS_CONFIG given again";

    // Nothing was deleted: the replaced volumes, with the later commit, were set aside.
    const std::string set_aside = restored.json()["set_aside"];
    EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(set_aside) /
                                              "data/git-data/repositories/team/project.git"));
    auto later_kept = run_command({"git", "-c", "safe.directory=*", "cat-file", "-e", later}, {},
                                  std::filesystem::path(set_aside) / "data/git-data/repositories/team/project.git");
    EXPECT_EQ(later_kept.status, 0);
}

TEST_F(BackupRestore, DecommissionTakesAFinalBackupAndTheInstanceComesBackFromIt) {
    const std::string password = commission_with_repository("docs", "127.0.0.52");
    ASSERT_FALSE(password.empty());
    const std::string refs_before = refs_on_server(password, "before");
    auto ended = girofle({"decommission", "docs"});
    ASSERT_EQ(ended.status, 0) << ended.err;
    auto listed = girofle({"--json", "backups", "docs"}).json()["backups"];
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["manifest"]["strategy"], "stop");
    EXPECT_TRUE(containers_of_root().empty());

    auto restored = girofle({"restore", "docs"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(refs_on_server(password, "after"), refs_before);
    EXPECT_EQ(girofle({"--json", "status", "docs"}).json()["state"], "active");
}

TEST_F(BackupRestore, RestoreAsANewInstanceLeavesTheOldOneAlone) {
    const std::string password = commission_with_repository("wiki", "127.0.0.53");
    ASSERT_FALSE(password.empty());
    const std::string refs_at_backup = refs_on_server(password, "at-backup");
    ASSERT_FALSE(backup("wiki").empty());
    const std::string later = commit_and_push(scratch() / "source", url_, password, "main", "later.txt");

    auto copy = girofle({"--json", "restore", "wiki", "--as", "wiki-copy", "--ip", "127.0.0.54"});
    ASSERT_EQ(copy.status, 0) << copy.err;
    EXPECT_EQ(copy.json()["number"], 2);
    EXPECT_EQ(copy.json()["container"], "noeud-gitlab-2-wiki-copy");
    const std::string original_url = url_;
    url_ = "http://127.0.0.54/team/project.git";
    EXPECT_EQ(refs_on_server(password, "copy"), refs_at_backup) << "same secrets and password, data at backup time";
    url_ = original_url;
    EXPECT_NE(refs_on_server(password, "original").find(later), std::string::npos) << "the original keeps its later commit";
    EXPECT_EQ(containers_of_root().size(), 2u);
}

TEST_F(BackupRestore, AppStrategyRoundTripsThroughGitlabBackup) {
    const std::string password = commission_with_repository("wiki", "127.0.0.55");
    ASSERT_FALSE(password.empty());
    const std::string refs_at_backup = refs_on_server(password, "at-backup");
    auto manifest = backup("wiki", {"--strategy", "app"});
    ASSERT_FALSE(manifest.empty());
    EXPECT_EQ(manifest["strategy"], "app");
    EXPECT_NE(manifest["app_backup"].get<std::string>().find("_17.5.1_gitlab_backup.tar"), std::string::npos);
    ASSERT_FALSE(commit_and_push(scratch() / "source", url_, password, "main", "later.txt").empty());

    auto restored = girofle({"restore", "wiki"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(refs_on_server(password, "after"), refs_at_backup);
}

TEST_F(BackupRestore, AnInstanceWhoseContainerWasRemovedByHandIsRestored) {
    const std::string password = commission_with_repository("wiki", "127.0.0.56");
    ASSERT_FALSE(password.empty());
    const std::string refs_at_backup = refs_on_server(password, "at-backup");
    ASSERT_FALSE(backup("wiki").empty());
    ASSERT_EQ(run_command({"docker", "rm", "-f", "noeud-gitlab-1-wiki"}).status, 0);
    EXPECT_EQ(girofle({"--json", "status", "wiki"}).json()["live_state"], "missing");
    auto restored = girofle({"restore", "wiki"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(refs_on_server(password, "after"), refs_at_backup);
}

}  // namespace
}  // namespace girofle::testing
