// Child processes (rsync, restic, git, crontab) are always started from an argv vector:
// no shell ever sees user input.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct ProcessRequest {
    std::vector<std::string> argv;                 // argv[0] is looked up in PATH
    std::map<std::string, std::string> env;        // set on top of the inherited environment
    std::vector<std::string> env_remove;           // removed from the inherited environment
    // Keep restic's storage credentials (AWS_*, B2_*, ...): only restic needs them. Girofle's
    // own secrets never reach any child (core/child_environment.hpp).
    bool storage_credentials = false;
    std::optional<std::string> stdin_data;         // fed to the child's stdin, then closed
    std::string working_directory;                 // empty: the caller's
    std::optional<std::chrono::milliseconds> timeout;
    bool capture_output = true;                    // false: the child writes to our stdout/stderr
    // End the child when Girofle receives SIGINT/SIGTERM/SIGHUP (see core/interruption.hpp):
    // children run in their own process group, so the terminal's Ctrl-C does not reach them.
    bool cancel_on_interruption = false;
    // Called with each complete line of stdout (without its newline) as the child writes it,
    // for live progress; stdout is still collected in ProcessResult::out.
    std::function<void(const std::string& line)> on_stdout_line;
};

struct ProcessResult {
    int exit_code = -1;   // -1 when killed by a signal
    int signal = 0;       // the signal that ended it, 0 if it exited
    bool timed_out = false;
    std::string out;
    std::string err;

    bool succeeded() const { return exit_code == 0 && !timed_out; }
};

class ProcessRunner {
public:
    virtual ~ProcessRunner() = default;
    // Fails only when the process could not be started; a non-zero exit is a ProcessResult.
    virtual Result<ProcessResult> run(const ProcessRequest& request) = 0;
};

// The last lines of a child's stderr, for an error message that says why.
std::string tail_of(const std::string& text, std::size_t max_chars = 300);

}  // namespace girofle
