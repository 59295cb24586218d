#include "support/git_server.hpp"

namespace girofle::testing {

GitServer::GitServer(std::filesystem::path repositories) : repositories_(std::move(repositories)) {
    std::filesystem::create_directories(repositories_);
}

}  // namespace girofle::testing
