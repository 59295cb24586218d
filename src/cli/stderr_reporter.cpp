#include "cli/stderr_reporter.hpp"

#include <unistd.h>

#include <iostream>

namespace girofle::cli {
namespace {

constexpr std::size_t kProgressWidth = 79;

}  // namespace

StderrReporter::StderrReporter(const GlobalOptions& globals)
    : verbose_(globals.verbosity > 0 && !globals.quiet),
      quiet_(globals.quiet),
      terminal_(::isatty(STDERR_FILENO) == 1) {}

StderrReporter::~StderrReporter() { end_progress(); }

void StderrReporter::end_progress() {
    if (!progress_shown_) return;
    std::cerr << "\r\x1b[K" << std::flush;
    progress_shown_ = false;
}

void StderrReporter::info(const std::string& message) {
    if (!verbose_) return;
    end_progress();
    std::cerr << "girofle: " << message << "\n";
}

void StderrReporter::warn(const std::string& message) {
    if (quiet_) return;
    end_progress();
    std::cerr << "girofle: warning: " << message << "\n";
}

void StderrReporter::progress(const std::string& message) {
    if (quiet_ || !terminal_) return;
    std::cerr << "\r" << message.substr(0, kProgressWidth) << "\x1b[K" << std::flush;
    progress_shown_ = true;
}

}  // namespace girofle::cli
