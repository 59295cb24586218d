#include "adapters/process/posix_process_runner.hpp"

#include "core/child_environment.hpp"
#include "core/interruption.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

extern char** environ;

namespace girofle {
namespace {

constexpr auto kTerminateGrace = std::chrono::seconds(5);

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

std::vector<std::string> inherited_environment() {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) entries.emplace_back(*entry);
    return entries;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}

// The PATH lookup happens here, in the parent: after fork only async-signal-safe calls.
std::optional<std::string> find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::string directories = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= directories.size()) {
        std::size_t end = directories.find(':', start);
        if (end == std::string::npos) end = directories.size();
        std::string candidate = directories.substr(start, end - start);
        candidate = (candidate.empty() ? "." : candidate) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return {};
}

// In the child, between fork and exec: wire the pipes, own process group, default signals,
// and die with Girofle (a killed backup must not leave rsync writing behind it).
[[noreturn]] void become_child(pid_t parent, int in_fd, int out_fd, int err_fd, bool capture,
                               const char* directory, const char* program, char* const* argv, char* const* envp,
                               int report_fd) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::setpgid(0, 0);
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD}) ::sigaction(sig, &defaults, nullptr);
    sigset_t empty;
    sigemptyset(&empty);
    ::sigprocmask(SIG_SETMASK, &empty, nullptr);
    ::dup2(in_fd, STDIN_FILENO);
    if (capture) {
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
    }
    if (directory != nullptr && ::chdir(directory) != 0) {
        int error = errno;
        (void)!::write(report_fd, &error, sizeof error);
        ::_exit(127);
    }
    ::execve(program, argv, envp);
    int error = errno;
    (void)!::write(report_fd, &error, sizeof error);
    ::_exit(127);
}

}  // namespace

Result<ChildProcess> start_process(const ProcessRequest& request) {
    const std::string name = request.argv.empty() ? std::string() : request.argv.front();
    if (name.empty()) return fail(ErrorKind::failed, "process", "empty command");
    auto program = find_program(name);
    if (!program) return fail(ErrorKind::not_found, name, "cannot start: not found in PATH");

    int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, report[2] = {-1, -1};
    auto close_all = [&] {
        for (int* p : {in_pipe, out_pipe, err_pipe, report}) {
            close_fd(p[0]);
            close_fd(p[1]);
        }
    };
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(report, O_CLOEXEC) != 0 ||
        (request.capture_output &&
         (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0))) {
        std::string cause = std::string("cannot create pipes: ") + std::strerror(errno);
        close_all();
        return fail(ErrorKind::failed, name, cause);
    }

    std::vector<std::string> argv_strings = request.argv;
    std::vector<std::string> env_strings = child_environment(inherited_environment(), request);
    auto argv = c_strings(argv_strings);
    auto envp = c_strings(env_strings);
    const char* directory = request.working_directory.empty() ? nullptr : request.working_directory.c_str();
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        std::string cause = std::string("cannot start: ") + std::strerror(errno);
        close_all();
        return fail(ErrorKind::failed, name, cause);
    }
    if (pid == 0)
        become_child(parent, in_pipe[0], out_pipe[1], err_pipe[1], request.capture_output, directory,
                     program->c_str(), argv.data(), envp.data(), report[1]);

    // The report pipe closes on exec (O_CLOEXEC): nothing read means the program started.
    close_fd(report[1]);
    int child_error = 0;
    ssize_t got;
    do got = ::read(report[0], &child_error, sizeof child_error);
    while (got < 0 && errno == EINTR);
    close_fd(report[0]);
    if (got == sizeof child_error) {
        ::waitpid(pid, nullptr, 0);
        close_all();
        return fail(child_error == ENOENT ? ErrorKind::not_found : ErrorKind::failed, name,
                    std::string("cannot start: ") + std::strerror(child_error));
    }
    close_fd(in_pipe[0]);
    close_fd(out_pipe[1]);
    close_fd(err_pipe[1]);
    return ChildProcess(pid, in_pipe[1], out_pipe[0], err_pipe[0], request);
}

ChildProcess::ChildProcess(pid_t pid, int in_fd, int out_fd, int err_fd,
                           const ProcessRequest& request)
    : pid_(pid),
      in_fd_(in_fd),
      out_fd_(out_fd),
      err_fd_(err_fd),
      stdin_data_(request.stdin_data),
      timeout_(request.timeout),
      cancel_on_interruption_(request.cancel_on_interruption),
      on_stdout_line_(request.on_stdout_line) {}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      in_fd_(std::exchange(other.in_fd_, -1)),
      out_fd_(std::exchange(other.out_fd_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      stdin_data_(std::move(other.stdin_data_)),
      timeout_(other.timeout_),
      cancel_on_interruption_(other.cancel_on_interruption_),
      on_stdout_line_(std::move(other.on_stdout_line_)) {}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    close_fd(in_fd_);
    close_fd(out_fd_);
    close_fd(err_fd_);
}

ProcessResult ChildProcess::wait() {
    using clock = std::chrono::steady_clock;
    ProcessResult result;
    const auto started = clock::now();
    std::optional<clock::time_point> killed_at;
    // Asks the process group to end (timeout or interruption), then forces it after a grace.
    auto enforce_limits = [&] {
        const bool too_long = timeout_ && clock::now() - started > *timeout_;
        if (!killed_at && (too_long || (cancel_on_interruption_ && interrupted()))) {
            result.timed_out = too_long;
            ::kill(-pid_, SIGTERM);
            killed_at = clock::now();
        } else if (killed_at && clock::now() - *killed_at > kTerminateGrace) {
            ::kill(-pid_, SIGKILL);
            return true;
        }
        return false;
    };
    std::size_t delivered = 0;  // stdout up to here went to on_stdout_line_
    auto deliver_lines = [&] {
        if (!on_stdout_line_) return;
        for (auto end = result.out.find('\n', delivered); end != std::string::npos; end = result.out.find('\n', delivered)) {
            on_stdout_line_(result.out.substr(delivered, end - delivered));
            delivered = end + 1;
        }
    };
    std::string_view pending = stdin_data_ ? std::string_view(*stdin_data_) : std::string_view();
    if (pending.empty()) close_fd(in_fd_);
    else ::fcntl(in_fd_, F_SETFL, ::fcntl(in_fd_, F_GETFL) | O_NONBLOCK);

    while (out_fd_ >= 0 || err_fd_ >= 0 || in_fd_ >= 0) {
        std::vector<pollfd> fds;
        if (in_fd_ >= 0) fds.push_back({in_fd_, POLLOUT, 0});
        if (out_fd_ >= 0) fds.push_back({out_fd_, POLLIN, 0});
        if (err_fd_ >= 0) fds.push_back({err_fd_, POLLIN, 0});
        int wait_ms = 200;
        ::poll(fds.data(), fds.size(), wait_ms);
        for (const auto& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == in_fd_) {
                ssize_t n = ::write(in_fd_, pending.data(), pending.size());
                if (n > 0) pending.remove_prefix(static_cast<std::size_t>(n));
                if (n < 0 && errno != EAGAIN) pending = {};
                if (pending.empty()) close_fd(in_fd_);
                continue;
            }
            char buffer[65536];
            ssize_t n = ::read(p.fd, buffer, sizeof buffer);
            if (n > 0) {
                (p.fd == out_fd_ ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
                if (p.fd == out_fd_) deliver_lines();
            } else if (n == 0 || errno != EINTR) {
                close_fd(p.fd == out_fd_ ? out_fd_ : err_fd_);
            }
        }
        if (enforce_limits()) {
            close_fd(in_fd_);
            close_fd(out_fd_);
            close_fd(err_fd_);
        }
    }
    int status = 0;
    while (true) {
        pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_ || (done < 0 && errno != EINTR)) break;
        if (done == 0) {
            enforce_limits();
            ::usleep(20000);
        }
    }
    pid_ = -1;
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    return result;
}

Result<ProcessResult> PosixProcessRunner::run(const ProcessRequest& request) {
    auto child = start_process(request);
    if (!child) return std::unexpected(child.error());
    return child->wait();
}

}  // namespace girofle
