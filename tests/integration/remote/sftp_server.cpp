#include "integration/remote/sftp_server.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include <stdexcept>

#include "support/git_ssh_server.hpp"
#include "support/loopback_port.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace fs = std::filesystem;

SftpServer::SftpServer(const fs::path& dir) : dir_(dir), port_(free_loopback_port()) {
    const passwd* me = ::getpwuid(::getuid());
    if (me == nullptr) throw std::runtime_error("cannot find the current user");
    user_ = me->pw_name;
    GitSshServer::make_key(dir / "host_key");
    GitSshServer::make_key(dir / "client_key");
    write_file(dir / "authorized_keys", read_file(dir / "client_key.pub"));
    write_file(dir / "known_hosts", fmt::format("[127.0.0.1]:{} {}", port_, read_file(dir / "host_key.pub")));
    sshd_.emplace(start_test_sshd(dir, port_, user_));
}

std::string SftpServer::location(const fs::path& path) const {
    return "sftp:" + user_ + "@127.0.0.1:" + path.string();
}

std::string SftpServer::sftp_command() const {
    return fmt::format("sftp.command=ssh -p {} -i {} -o UserKnownHostsFile={} -o StrictHostKeyChecking=yes "
                       "-o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=5 -F /dev/null {}@127.0.0.1 -s sftp",
                       port_, (dir_ / "client_key").string(), (dir_ / "known_hosts").string(), user_);
}

std::string unreachable_sftp_command(const std::string& working_command, int port) {
    std::string command = working_command;
    const std::string from = "-p " + std::to_string(port) + " ";
    command.replace(command.find(from), from.size(), "-p " + std::to_string(free_loopback_port()) + " ");
    return command;
}

}  // namespace girofle::testing
