// A Reporter for a person at a terminal, or for cron: everything goes to stderr, progress
// only when stderr is a terminal, and nothing at all under -q except warnings' absence.
#pragma once

#include "cli/command_table.hpp"
#include "core/reporter.hpp"

namespace girofle::cli {

class StderrReporter final : public Reporter {
public:
    explicit StderrReporter(const GlobalOptions& globals);
    ~StderrReporter() override;  // leaves no half-written progress line behind
    StderrReporter(const StderrReporter&) = delete;
    StderrReporter& operator=(const StderrReporter&) = delete;

    void info(const std::string& message) override;
    void warn(const std::string& message) override;
    void progress(const std::string& message) override;
    // Commands that use this reporter keep no operations log (a workstation has no Girofle
    // root): records are dropped.
    void record(const nlohmann::json&) override {}

    // Clears the progress line, before results go to a stdout that may share the terminal.
    void end_progress();

private:

    bool verbose_;
    bool quiet_;
    bool terminal_;
    bool progress_shown_ = false;
};

}  // namespace girofle::cli
