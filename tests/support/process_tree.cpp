#include "support/process_tree.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace girofle::testing {
namespace {

// The parent process id from /proc/PID/stat (proc(5): the field after the state, which follows
// the command name in parentheses); -1 when the process is gone.
pid_t parent_of(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos) return -1;
    std::istringstream rest(text.substr(name_end + 1));
    char state = 0;
    pid_t parent = -1;
    rest >> state >> parent;
    return parent;
}

char state_of(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto name_end = text.rfind(')');
    return name_end == std::string::npos || name_end + 2 >= text.size() ? 0 : text[name_end + 2];
}

std::set<pid_t> descendants_of(pid_t root) {
    std::set<pid_t> found{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const auto name = entry.path().filename().string();
            if (name.find_first_not_of("0123456789") != std::string::npos) continue;
            const pid_t pid = std::stoi(name);
            if (!found.contains(pid) && found.contains(parent_of(pid))) grew = found.insert(pid).second || grew;
        }
    }
    found.erase(root);
    return found;
}

}  // namespace

bool kill_and_wait_until_reaped(ChildProcess& child, std::chrono::milliseconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    ::kill(child.pid(), SIGSTOP);
    while (state_of(child.pid()) != 'T' && state_of(child.pid()) != 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto started = descendants_of(child.pid());
    ::kill(child.pid(), SIGKILL);
    child.wait();
    for (pid_t pid : started) {
        while (std::filesystem::exists("/proc/" + std::to_string(pid))) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return true;
}

}  // namespace girofle::testing
