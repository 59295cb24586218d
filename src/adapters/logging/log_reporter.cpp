#include "adapters/logging/log_reporter.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>

#include "core/clock.hpp"
#include "core/root_layout.hpp"

namespace girofle {
namespace {

constexpr std::size_t kLogFileSize = 10 * 1024 * 1024;
constexpr std::size_t kLogFiles = 5;
// A longer line would wrap, and "\r" could no longer overwrite it.
constexpr std::size_t kProgressWidth = 79;

bool ensure_logs_directory(const std::filesystem::path& root) {
    std::error_code error;
    if (!std::filesystem::is_directory(root, error)) return false;
    auto logs = root / "logs";
    if (!std::filesystem::is_directory(logs, error)) {
        if (::mkdir(logs.c_str(), 0750) != 0 && errno != EEXIST) return false;
    }
    return true;
}

}  // namespace

LogReporter::LogReporter(ReporterSettings settings)
    : settings_(std::move(settings)),
      progress_on_terminal_(!settings_.quiet && ::isatty(STDERR_FILENO) == 1) {}

LogReporter::~LogReporter() { end_progress(); }

spdlog::logger* LogReporter::file_log() {
    if (file_log_) return file_log_.get();
    if (!ensure_logs_directory(settings_.root)) return nullptr;
    try {
        auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            (settings_.root / "logs" / "girofle.log").string(), kLogFileSize, kLogFiles);
        file_log_ = std::make_shared<spdlog::logger>("girofle", sink);
        file_log_->set_formatter(std::make_unique<spdlog::pattern_formatter>(
            "%Y-%m-%dT%H:%M:%S.%eZ %l [%P] %v", spdlog::pattern_time_type::utc));
        file_log_->flush_on(spdlog::level::info);
    } catch (const spdlog::spdlog_ex& error) {
        std::cerr << "girofle: warning: cannot write the log in " << settings_.root.string()
                  << "/logs: " << error.what() << "\n";
        return nullptr;
    }
    return file_log_.get();
}

void LogReporter::end_progress() {
    if (!progress_shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    progress_shown_ = false;
}

void LogReporter::info(const std::string& message) {
    if (auto* log = file_log()) log->info(message);
    if (settings_.verbosity > 0 && !settings_.quiet) {
        end_progress();
        std::cerr << "girofle: " << message << "\n";
    }
}

void LogReporter::warn(const std::string& message) {
    if (auto* log = file_log()) log->warn(message);
    if (!settings_.quiet) {
        end_progress();
        std::cerr << "girofle: warning: " << message << "\n";
    }
}

void LogReporter::progress(const std::string& message) {
    if (!progress_on_terminal_) return;
    std::cerr << "\r" << message.substr(0, kProgressWidth) << "\033[K" << std::flush;
    progress_shown_ = true;
}

void LogReporter::log_error(const std::string& message) {
    end_progress();
    if (auto* log = file_log()) log->error(message);
}

void LogReporter::record(const nlohmann::json& event) {
    if (!ensure_logs_directory(settings_.root)) return;
    nlohmann::json line = event;
    line["time"] = rfc3339_utc(std::chrono::system_clock::now());
    line["pid"] = ::getpid();
    line["girofle_version"] = GIROFLE_VERSION;
    if (line.value("outcome", "") == "failed") failures_.push_back(line);
    std::string text = line.dump() + "\n";
    // O_APPEND with one write per line: concurrent Girofle processes never interleave lines.
    int fd = ::open(RootLayout(settings_.root).operations_log().c_str(),
                    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return;
    if (::write(fd, text.data(), text.size()) < 0) {
        // The human log still has the operation; nothing more to do.
    }
    ::close(fd);
}

}  // namespace girofle
