#include "adapters/docker/api_version.hpp"

#include <charconv>

namespace girofle::docker_api {
namespace {

std::optional<int> parse_number(std::string_view text) {
    int value = 0;
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    return value;
}

}  // namespace

std::optional<ApiVersion> parse_api_version(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto major = parse_number(text.substr(0, dot));
    auto minor = parse_number(text.substr(dot + 1));
    if (!major || !minor) return std::nullopt;
    return ApiVersion{*major, *minor};
}

Result<std::string> negotiate_api_version(std::string_view engine_newest,
                                          std::string_view engine_minimum) {
    const auto newest_known = *parse_api_version(kNewestKnownApi);
    const auto oldest_supported = *parse_api_version(kOldestSupportedApi);
    const auto engine = parse_api_version(engine_newest);
    if (!engine)
        return fail(
            ErrorKind::failed, "docker",
            "the engine reports an unreadable API version '" + std::string(engine_newest) + "'");
    if (*engine < oldest_supported)
        return fail(ErrorKind::failed, "docker",
                    "the Docker engine speaks API " + std::string(engine_newest) +
                        ", older than the " + std::string(kOldestSupportedApi) +
                        " Girofle needs (Docker 19.03 or newer): upgrade Docker");
    if (auto minimum = parse_api_version(engine_minimum); minimum && *minimum > newest_known)
        return fail(ErrorKind::failed, "docker",
                    "the Docker engine no longer speaks API " + std::string(kNewestKnownApi) +
                        " (its oldest is " + std::string(engine_minimum) +
                        "): this Girofle is too old for it");
    return std::string(*engine < newest_known ? engine_newest : kNewestKnownApi);
}

}  // namespace girofle::docker_api
