// Two roots standing for two VMs, a restic password in its own 0600 file, an SFTP server and
// a local-path repository: what every remote scenario starts from.
#pragma once

#include <optional>

#include "integration/gitlab_fixture.hpp"
#include "integration/remote/sftp_server.hpp"

namespace girofle::testing {

class RemoteTest : public GitlabTest {
protected:
    void SetUp() override;
    void TearDown() override;

    // The second VM's root; commands on it with girofle_b.
    std::filesystem::path root_b() const { return scratch() / "root-b"; }
    CommandResult girofle_b(const std::vector<std::string>& args) const { return run_girofle(root_b(), args); }
    std::filesystem::path local_repository() const { return scratch() / "restic-local"; }
    std::string sftp_repository() const { return sftp_->location(scratch() / "restic-sftp"); }

    // girofle.json for `root` with this repository (empty: none) and password file.
    void configure(const std::filesystem::path& root, const std::string& repository,
                   const std::filesystem::path& password_file, const std::string& sftp_command = "") const;
    std::filesystem::path password_file() const { return scratch() / "secret" / "restic-password"; }
    const std::string& password() const { return password_; }

    // Commissions "wiki" on 127.0.5.x with a repository pushed; returns the GitLab password.
    std::string commission_with_repository(const std::string& ip);
    // Refs and objects of team/project.git served at `ip`, checked with git fsck.
    std::string served_refs(const std::string& ip, const std::string& password, const std::string& name);

    // Files, owners and modes under a root: what a failed command must not change. Logs, the
    // metrics (both records of what happened), the configuration the test rewrites and the log
    // volume a live GitLab writes to are left out.
    static std::string root_listing(const std::filesystem::path& root);
    // Bytes of every file under `directory`.
    static std::uintmax_t directory_bytes(const std::filesystem::path& directory);
    // Removes every container of `root` and the root itself: the VM is gone.
    static void destroy_root(const std::filesystem::path& root);

    std::optional<SftpServer> sftp_;

private:
    std::string password_;
};

}  // namespace girofle::testing
