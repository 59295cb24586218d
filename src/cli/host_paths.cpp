#include "cli/host_paths.hpp"

#include <sstream>

namespace girofle::cli {
namespace {

// One spelling per path ("/a/./b/" is "/a/b"): the launcher compares and mounts it.
std::filesystem::path normal(const std::filesystem::path& path) {
    auto result = path.lexically_normal();
    if (!result.has_filename() && result != result.root_path()) result = result.parent_path();
    return result;
}

}  // namespace

std::vector<HostPath> host_paths_of_location(const std::string& location) {
    std::string path = location;
    if (path.starts_with("local:")) path.erase(0, 6);
    if (!path.starts_with("/")) return {};
    return {{normal(path), true}};
}

namespace {

// Every absolute path in a KEY=VALUE option's value, alone ("-i /etc/girofle/key") or after
// an "=" ("-o UserKnownHostsFile=/etc/girofle/known_hosts").
std::vector<HostPath> paths_in_option(const std::string& option) {
    std::vector<HostPath> paths;
    const auto equals = option.find('=');
    std::istringstream words(equals == std::string::npos ? "" : option.substr(equals + 1));
    for (std::string word; words >> word;) {
        const auto start = word.find('/');
        if (start == 0 || (start != std::string::npos && word[start - 1] == '='))
            paths.push_back({normal(word.substr(start)), false});
    }
    return paths;
}

}  // namespace

std::vector<HostPath> host_paths_of_config(const RootConfig& config) {
    std::vector<HostPath> paths;
    auto add = [&paths](std::vector<HostPath> more) { paths.insert(paths.end(), more.begin(), more.end()); };
    add(host_paths_of_location(config.remote.repository));
    for (const auto& [instance, repository] : config.remote.instances) add(host_paths_of_location(repository));
    if (!config.remote.password_file.empty()) add({host_path(config.remote.password_file, false)});
    for (const auto& option : config.remote.options) add(paths_in_option(option));
    return paths;
}

HostPath host_path(const std::string& path, bool writable) {
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    return {normal(error ? std::filesystem::path(path) : absolute), writable};
}

void print_host_paths(std::ostream& out, const std::vector<HostPath>& paths) {
    for (const auto& host_path : paths) {
        const std::string text = host_path.path.string();
        if (text.find_first_of("\n\r") != std::string::npos || !host_path.path.is_absolute()) continue;
        // The container has its own (ssh -F /dev/null).
        if (text.starts_with("/dev/") || text.starts_with("/proc/") || text.starts_with("/sys/")) continue;
        out << (host_path.writable ? "rw " : "ro ") << text << "\n";
    }
}

}  // namespace girofle::cli
