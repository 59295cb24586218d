#pragma once

#include <string>
#include <vector>

#include "core/reporter.hpp"

namespace girofle::testing {

// Keeps every message, so a test can check what a user would have been told.
class RecordingReporter final : public Reporter {
public:
    std::vector<std::string> messages;  // "info: ...", "warn: ...", "progress: ..."
    std::vector<nlohmann::json> events;

    void info(const std::string& m) override { messages.push_back("info: " + m); }
    void warn(const std::string& m) override { messages.push_back("warn: " + m); }
    void progress(const std::string& m) override { messages.push_back("progress: " + m); }
    void record(const nlohmann::json& event) override { events.push_back(event); }
};

}  // namespace girofle::testing
