// Which Docker Engine API version to speak: the newest both sides know.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace girofle::docker_api {

// The newest API whose fields this adapter has been checked against (Docker 24).
inline constexpr std::string_view kNewestKnownApi = "1.43";
// The oldest engine accepted (Docker 19.03): older ones lack fields Girofle relies on.
inline constexpr std::string_view kOldestSupportedApi = "1.40";

struct ApiVersion {
    int major = 0;
    int minor = 0;
    auto operator<=>(const ApiVersion&) const = default;
};

std::optional<ApiVersion> parse_api_version(std::string_view text);

// min(engine's newest, ours), refused when the engine is too old or has dropped what we know.
// `engine_minimum` may be empty: old engines do not report it.
Result<std::string> negotiate_api_version(std::string_view engine_newest,
                                          std::string_view engine_minimum);

}  // namespace girofle::docker_api
