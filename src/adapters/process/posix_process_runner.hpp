#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>

#include "core/process.hpp"

namespace girofle {

// A started child, in its own process group so that a timeout can end it and its children,
// and killed by the kernel if Girofle dies first (PR_SET_PDEATHSIG).
class ChildProcess {
public:
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;
    ~ChildProcess();  // an unwaited child is killed, never left behind

    pid_t pid() const { return pid_; }
    // Feeds stdin, collects output and waits; ends the process group when the timeout passes.
    ProcessResult wait();

private:
    friend Result<ChildProcess> start_process(const ProcessRequest& request);
    ChildProcess(pid_t pid, int in_fd, int out_fd, int err_fd, const ProcessRequest& request);

    pid_t pid_ = -1;
    int in_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
    std::optional<std::string> stdin_data_;
    std::optional<std::chrono::milliseconds> timeout_;
    bool cancel_on_interruption_ = false;
    std::function<void(const std::string&)> on_stdout_line_;
};

Result<ChildProcess> start_process(const ProcessRequest& request);

class PosixProcessRunner final : public ProcessRunner {
public:
    Result<ProcessResult> run(const ProcessRequest& request) override;
};

}  // namespace girofle
