// Where an operation's time goes, for the operations log's "phases" (backup, restore): the
// first question about a slow run.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace girofle {

// Each lap(name) records the milliseconds on the monotonic clock since the previous lap (or
// since construction) under `name`; phases() is {name: milliseconds, ...}.
class PhaseTimer {
public:
    explicit PhaseTimer(Clock& clock) : clock_(clock), mark_(clock.monotonic()) {}
    void lap(const std::string& phase) {
        const auto now = clock_.monotonic();
        phases_[phase] = std::chrono::duration_cast<std::chrono::milliseconds>(now - mark_).count();
        mark_ = now;
    }
    const nlohmann::json& phases() const { return phases_; }

private:
    Clock& clock_;
    std::chrono::steady_clock::time_point mark_;
    nlohmann::json phases_ = nlohmann::json::object();
};

}  // namespace girofle
