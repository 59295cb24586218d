#include "support/required_programs.hpp"

#include <unistd.h>

#include <filesystem>
#include <sstream>

namespace girofle::testing {

std::optional<std::string> missing_program(const std::vector<std::string>& programs) {
    const char* path = std::getenv("PATH");
    for (const std::string& program : programs) {
        bool found = program.find('/') != std::string::npos && ::access(program.c_str(), X_OK) == 0;
        std::istringstream directories(path ? path : "");
        for (std::string directory; !found && std::getline(directories, directory, ':');)
            found = ::access((std::filesystem::path(directory) / program).c_str(), X_OK) == 0;
        if (!found) return program;
    }
    return std::nullopt;
}

}  // namespace girofle::testing
