#include "core/backup/snapshot_id.hpp"

#include <ctime>
#include <regex>

namespace girofle {

std::string snapshot_id_for(std::chrono::system_clock::time_point time) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

bool is_snapshot_id(std::string_view text) {
    static const std::regex pattern(R"(\d{8}T\d{6}Z(-\d{1,4})?)");
    return std::regex_match(text.begin(), text.end(), pattern);
}

std::optional<std::chrono::system_clock::time_point> snapshot_time(std::string_view id) {
    if (!is_snapshot_id(id)) return {};
    std::tm utc{};
    std::string text(id.substr(0, 16));
    if (::strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &utc) == nullptr) return {};
    return std::chrono::system_clock::from_time_t(::timegm(&utc));
}

}  // namespace girofle
