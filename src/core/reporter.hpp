// How operations talk to people and to the record, without knowing about terminals or files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace girofle {

class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void info(const std::string& message) = 0;     // log; stderr with -v
    virtual void warn(const std::string& message) = 0;     // log and stderr, unless -q
    // A transient status line ("waiting for instance 3: starting, 12 s"): shown on a
    // terminal only, never logged, so cron output stays quiet.
    virtual void progress(const std::string& message) = 0;
    // Clears a progress line before results are printed on a stdout that shares the terminal.
    virtual void end_progress() {}
    // One line in the machine-readable operations log. Never pass secrets.
    virtual void record(const nlohmann::json& event) = 0;
};

// Swallows everything: for callers that have nobody to tell.
class SilentReporter final : public Reporter {
public:
    void info(const std::string&) override {}
    void warn(const std::string&) override {}
    void progress(const std::string&) override {}
    void record(const nlohmann::json&) override {}
};

}  // namespace girofle
