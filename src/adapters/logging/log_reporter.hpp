// The real Reporter: stderr for people, ROOT/logs/girofle.log for the record (spdlog) and
// ROOT/logs/operations.jsonl for machines. Logs are written only into a root that exists:
// a command refused before it created anything leaves no new directory behind.
#pragma once

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/reporter.hpp"

namespace girofle {

struct ReporterSettings {
    std::filesystem::path root;
    int verbosity = 0;   // >0: info on stderr
    bool quiet = false;  // errors only
};

class LogReporter final : public Reporter {
public:
    explicit LogReporter(ReporterSettings settings);
    ~LogReporter() override;

    void info(const std::string& message) override;
    void warn(const std::string& message) override;
    void progress(const std::string& message) override;
    void record(const nlohmann::json& event) override;
    void end_progress() override;
    // The final error of a command: logged (stderr printing stays with the CLI).
    void log_error(const std::string& message);
    // The failed operations this process recorded (outcome "failed"), in order: what the
    // notifications announce, and whether the command's own failure is recorded already.
    const std::vector<nlohmann::json>& failures() const { return failures_; }

private:
    spdlog::logger* file_log();  // null when the root does not exist

    ReporterSettings settings_;
    std::shared_ptr<spdlog::logger> file_log_;
    bool progress_on_terminal_ = false;
    bool progress_shown_ = false;
    std::vector<nlohmann::json> failures_;
};

}  // namespace girofle
