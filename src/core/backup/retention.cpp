#include "core/backup/retention.hpp"

#include <ctime>
#include <set>

namespace girofle {
namespace {

// Keeps the newest snapshot of each of the `count` most recent periods that have one.
void keep_newest_per_period(const std::vector<RetentionCandidate>& snapshots, int count,
                            long (*period_of)(std::chrono::system_clock::time_point),
                            std::set<std::string>& kept) {
    std::set<long> periods;
    for (auto it = snapshots.rbegin(); it != snapshots.rend() && static_cast<int>(periods.size()) < count; ++it)
        if (periods.insert(period_of(it->time)).second) kept.insert(it->id);
}

long day_of(std::chrono::system_clock::time_point time) {
    return static_cast<long>(std::chrono::system_clock::to_time_t(time) / 86400);
}

// ISO-like weeks starting on Monday: 1970-01-01 was a Thursday.
long week_of(std::chrono::system_clock::time_point time) { return (day_of(time) + 3) / 7; }

}  // namespace

std::vector<std::string> snapshots_to_prune(const std::vector<RetentionCandidate>& snapshots,
                                            const RetentionPolicy& policy) {
    std::set<std::string> kept;
    for (int i = 0; i < policy.last && i < static_cast<int>(snapshots.size()); ++i)
        kept.insert(snapshots[snapshots.size() - 1 - static_cast<std::size_t>(i)].id);
    keep_newest_per_period(snapshots, policy.daily, day_of, kept);
    keep_newest_per_period(snapshots, policy.weekly, week_of, kept);
    for (auto proven : {&RetentionCandidate::usable, &RetentionCandidate::drilled})
        for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it)
            if ((*it).*proven) {
                kept.insert(it->id);
                break;
            }
    std::vector<std::string> pruned;
    for (const auto& snapshot : snapshots)
        if (!kept.contains(snapshot.id)) pruned.push_back(snapshot.id);
    return pruned;
}

}  // namespace girofle
