#include "support/git_ssh_server.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include <stdexcept>

#include "support/loopback_port.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSshd = "/usr/sbin/sshd";

}  // namespace

const std::vector<std::string> GitSshServer::kPrograms = {kSshd, "ssh-keygen"};

void GitSshServer::make_key(const fs::path& private_key) {
    fs::create_directories(private_key.parent_path());
    PosixProcessRunner runner;
    auto made = runner.run({.argv = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                                     "girofle-test", "-f", private_key.string()}});
    if (!made || !made->succeeded()) throw std::runtime_error("ssh-keygen failed");
}

ChildProcess start_test_sshd(const fs::path& dir, int port, const std::string& user) {
    // sshd started by root insists on its privilege separation directory.
    if (::getuid() == 0) fs::create_directories("/run/sshd");
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
                                                fmt::arg("port", port), fmt::arg("dir", dir.string()),
                                                fmt::arg("user", user)));
    auto started = start_process(
        {.argv = {kSshd, "-D", "-f", (dir / "sshd_config").string(), "-E", (dir / "sshd.log").string()},
         .capture_output = false});
    if (!started) throw std::runtime_error(started.error().message());
    if (!wait_for_listener(port)) throw std::runtime_error("sshd did not listen on 127.0.0.1:" + std::to_string(port));
    return std::move(*started);
}

GitSshServer::GitSshServer(const fs::path& dir, const fs::path& client_home)
    : GitServer(dir / "repositories"), port_(free_loopback_port()) {
    const passwd* me = ::getpwuid(::getuid());
    if (me == nullptr) throw std::runtime_error("cannot find the current user");
    user_ = me->pw_name;

    make_key(dir / "host_key");
    const fs::path client_key = client_home / ".ssh" / "id_ed25519";
    make_key(client_key);
    write_file(dir / "authorized_keys", read_file(client_key.string() + ".pub"));
    write_file(client_home / ".ssh" / "known_hosts",
               fmt::format("[127.0.0.1]:{} {}", port_, read_file(dir / "host_key.pub")));
    sshd_.emplace(start_test_sshd(dir, port_, user_));
}

std::string GitSshServer::url(const std::string& repository) const {
    return fmt::format("ssh://{}@127.0.0.1:{}{}", user_, port_,
                       (repositories() / repository).string());
}

}  // namespace girofle::testing
