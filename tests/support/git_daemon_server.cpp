#include "support/git_daemon_server.hpp"

#include <stdexcept>

#include "support/loopback_port.hpp"

namespace girofle::testing {

const std::vector<std::string> GitDaemonServer::kPrograms = {"git"};

GitDaemonServer::GitDaemonServer(const std::filesystem::path& dir)
    : GitServer(dir / "repositories"), port_(free_loopback_port()) {
    daemon_.emplace(start({"git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                           "--port=" + std::to_string(port_),
                           "--base-path=" + repositories().string(), "--export-all",
                           "--enable=receive-pack", "--log-destination=none",
                           repositories().string()}));
    if (!wait_for_listener(port_))
        throw std::runtime_error("git daemon did not listen on 127.0.0.1:" + std::to_string(port_));
}

std::string GitDaemonServer::url(const std::string& repository) const {
    return "git://127.0.0.1:" + std::to_string(port_) + "/" + repository;
}

}  // namespace girofle::testing
