// A real git server on 127.0.0.1 for integration tests: it serves the bare repositories made
// under repositories(), and runs their hooks, as a developer's remote would.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "adapters/process/posix_process_runner.hpp"

namespace girofle::testing {

class GitServer {
public:
    virtual ~GitServer() = default;
    GitServer(const GitServer&) = delete;
    GitServer& operator=(const GitServer&) = delete;

    // Where bare repositories live: make "NAME.git" here, reach it at url("NAME.git").
    const std::filesystem::path& repositories() const { return repositories_; }
    virtual std::string url(const std::string& repository) const = 0;
    // Added to girofle's environment so that it can authenticate (secrets stay out of argv).
    virtual std::map<std::string, std::string> client_environment() const { return {}; }

protected:
    explicit GitServer(std::filesystem::path repositories);
    // Starts a server program writing to our own output; it ends with the returned object.
    static ChildProcess start(const std::vector<std::string>& argv);

private:
    std::filesystem::path repositories_;
};

}  // namespace girofle::testing
