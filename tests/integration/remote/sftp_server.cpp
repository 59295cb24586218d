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
    if (::getuid() == 0) fs::create_directories("/run/sshd");  // sshd run by root insists on it
    write_file(dir / "sshd_config", fmt::format(R"(Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_key
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
AllowUsers {user}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
)",
                                                fmt::arg("port", port_), fmt::arg("dir", dir.string()),
                                                fmt::arg("user", user_)));
    auto started = start_process({.argv = {"/usr/sbin/sshd", "-D", "-f", (dir / "sshd_config").string(), "-E",
                                           (dir / "sshd.log").string()},
                                  .capture_output = false});
    if (!started) throw std::runtime_error(started.error().message());
    sshd_.emplace(std::move(*started));
    if (!wait_for_listener(port_)) throw std::runtime_error("sshd did not listen on 127.0.0.1:" + std::to_string(port_));
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
