#include <nlohmann/json.hpp>

#include "core/backup/manifest.hpp"
#include "core/instance.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

// The same bytes read as manifest.json (which embeds a record) and as an inventory record;
// what is accepted must come back unchanged through the writer and the reader again.
void feed_snapshot_json(std::string_view input) {
    const auto json = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return;
    if (auto manifest = manifest_from_json(json)) {
        const auto written = to_json(*manifest);
        auto reread = manifest_from_json(written);
        require(reread.has_value(), "a manifest read is read again once written");
        require(to_json(*reread) == written, "a manifest written and read again is unchanged");
    }
    if (auto record = record_from_json(json)) {
        const auto written = to_json(*record);
        auto reread = record_from_json(written);
        require(reread.has_value(), "an inventory record read is read again once written");
        require(to_json(*reread) == written, "an inventory record written and read again is unchanged");
    }
}

}  // namespace girofle::fuzz
