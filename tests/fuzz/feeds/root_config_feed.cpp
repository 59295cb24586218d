#include "core/root_config.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

void feed_root_config(std::string_view input) {
    auto config = parse_root_config(std::string(input), "girofle.json");
    if (!config) return;
    require(config->backup_schedule == "none" || CronExpression::parse(config->backup_schedule).has_value(),
            "an accepted backup_schedule is 'none' or a cron expression");
    require(config->retention.last >= 1 && config->remote.keep.last >= 1,
            "accepted retention keeps at least the last snapshot");
}

}  // namespace girofle::fuzz
