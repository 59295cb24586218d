// OpenSSH's sshd on a free loopback port serving SFTP only, key authentication only, with
// its own host key, config and an ed25519 client key: restic's sftp backend reaches it
// through sftp_command(), with no prompt and no user configuration involved.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "adapters/process/posix_process_runner.hpp"

namespace girofle::testing {

class SftpServer {
public:
    explicit SftpServer(const std::filesystem::path& dir);

    // sftp:USER@127.0.0.1:PATH
    std::string location(const std::filesystem::path& path) const;
    // restic's -o value that runs ssh with this server's port, key and known host.
    std::string sftp_command() const;
    int port() const { return port_; }

private:
    std::filesystem::path dir_;
    int port_ = 0;
    std::string user_;
    std::optional<ChildProcess> sshd_;
};

// The same ssh command aimed at a port where nothing listens.
std::string unreachable_sftp_command(const std::string& working_command, int port);

}  // namespace girofle::testing
