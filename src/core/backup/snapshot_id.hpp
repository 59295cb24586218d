// Snapshot IDs are UTC timestamps that sort as text: 20261125T050000Z, with -2, -3... when
// two snapshots start within the same second.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace girofle {

std::string snapshot_id_for(std::chrono::system_clock::time_point time);
bool is_snapshot_id(std::string_view text);
// The second the snapshot started, from its ID.
std::optional<std::chrono::system_clock::time_point> snapshot_time(std::string_view id);

}  // namespace girofle
