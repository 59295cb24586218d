// OpenSSH's sshd on a loopback port, key authentication only, serving git over SSH. The client
// key (ed25519: libgit2 1.5 lacks rsa-sha2) and the known_hosts entry go into `client_home`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/git_server.hpp"

namespace girofle::testing {

class GitSshServer final : public GitServer {
public:
    static const std::vector<std::string> kPrograms;

    GitSshServer(const std::filesystem::path& dir, const std::filesystem::path& client_home);
    std::string url(const std::string& repository) const override;

    // A key pair the server does not accept, for refusals.
    static void make_key(const std::filesystem::path& private_key);

private:
    int port_ = 0;
    std::string user_;
    std::optional<ChildProcess> sshd_;
};

// sshd on 127.0.0.1:PORT for USER, key authentication only (DIR/authorized_keys), with the
// host key DIR/host_key and its own config in DIR; it serves SFTP too.
ChildProcess start_test_sshd(const std::filesystem::path& dir, int port, const std::string& user);

}  // namespace girofle::testing
