#include "core/remote/tags.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

void feed_restic_json(std::string_view input) {
    const std::string text(input);
    restic_bytes_added(text);
    auto snapshots = parse_remote_snapshots(text, "remote");
    if (!snapshots) return;
    for (const auto& snapshot : *snapshots) {
        require(snapshot.instance != 0 && !snapshot.snapshot.empty(),
                "a listed snapshot carries Girofle's instance and snapshot tags");
        require(snapshot_matches(snapshot, snapshot.snapshot), "a snapshot matches its own ID");
        require(snapshot_of_instance(snapshot, std::to_string(snapshot.instance)),
                "a snapshot belongs to its own instance number");
    }
}

}  // namespace girofle::fuzz
