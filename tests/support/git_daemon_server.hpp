// `git daemon` with pushes enabled: the git:// protocol, no authentication.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/git_server.hpp"

namespace girofle::testing {

class GitDaemonServer final : public GitServer {
public:
    static const std::vector<std::string> kPrograms;

    explicit GitDaemonServer(const std::filesystem::path& dir);
    std::string url(const std::string& repository) const override;

private:
    int port_ = 0;
    std::optional<ChildProcess> daemon_;
};

}  // namespace girofle::testing
