// Which snapshots to keep: the last N, the newest of each of the last D days and of each of
// the last W weeks, and always the newest usable one and the newest that passed a drill
// (proven restorable), whatever the policy says.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace girofle {

struct RetentionPolicy {
    int last = 6;     // a day of the default four-hourly schedule
    int daily = 7;
    int weekly = 4;
};

struct RetentionCandidate {
    std::string id;
    std::chrono::system_clock::time_point time;
    bool usable = true;  // not known to be damaged
    bool drilled = false;  // its last drill passed
};

// IDs to delete; `snapshots` oldest first.
std::vector<std::string> snapshots_to_prune(const std::vector<RetentionCandidate>& snapshots,
                                            const RetentionPolicy& policy);

}  // namespace girofle
