#include "support/git_server.hpp"

#include <stdexcept>

namespace girofle::testing {

GitServer::GitServer(std::filesystem::path repositories) : repositories_(std::move(repositories)) {
    std::filesystem::create_directories(repositories_);
}

ChildProcess GitServer::start(const std::vector<std::string>& argv) {
    auto child = start_process({.argv = argv, .capture_output = false});
    if (!child) throw std::runtime_error(child.error().message());
    return std::move(*child);
}

}  // namespace girofle::testing
