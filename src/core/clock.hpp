// Time behind an interface, so that waits and timestamps can be tested without sleeping.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace girofle {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() = 0;
    virtual std::chrono::steady_clock::time_point monotonic() = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point monotonic() override {
        return std::chrono::steady_clock::now();
    }
    void sleep_for(std::chrono::milliseconds duration) override;
};

// "2026-11-25T05:00:00Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point time);
// Reads what rfc3339_utc writes; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339_utc(const std::string& text);

}  // namespace girofle
