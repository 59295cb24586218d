// git's smart HTTP backend behind nginx basic authentication, through fcgiwrap.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/git_server.hpp"

namespace girofle::testing {

class GitHttpServer final : public GitServer {
public:
    static const std::vector<std::string> kPrograms;

    // Everything (configuration, logs, sockets, repositories) lives under `dir`.
    GitHttpServer(const std::filesystem::path& dir, std::string user, std::string password);

    std::string url(const std::string& repository) const override;
    // GIROFLE_GIT_USERNAME and GIROFLE_GIT_PASSWORD.
    std::map<std::string, std::string> client_environment() const override;

private:
    std::string user_, password_;
    int port_ = 0;
    std::optional<ChildProcess> fcgiwrap_, nginx_;
};

}  // namespace girofle::testing
