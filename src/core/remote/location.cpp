#include "core/remote/location.hpp"

#include <array>

namespace girofle {
namespace {

constexpr std::array<std::string_view, 9> kBackends = {"sftp:", "rest:", "s3:", "rclone:", "b2:",
                                                       "azure:", "gs:", "swift:", "local:"};

}  // namespace

Result<void> validate_location(std::string_view location) {
    const std::string object = "remote '" + redacted_location(location) + "'";
    if (location.empty()) return fail(ErrorKind::usage, "remote", "no repository location given");
    for (char c : location)
        if (static_cast<unsigned char>(c) < 0x20)
            return fail(ErrorKind::usage, object, "holds a control character");
    if (location.front() == '/') return {};
    for (auto backend : kBackends)
        if (location.starts_with(backend)) {
            if (location.size() == backend.size()) return fail(ErrorKind::usage, object, "says nothing after the backend");
            return {};
        }
    return fail(ErrorKind::usage, object,
                "not a restic location: give an absolute path or sftp:, rest:, s3:, rclone:, b2:, azure:, gs:, swift:");
}

std::string redacted_location(std::string_view location) {
    std::string text(location);
    const auto scheme = text.find("://");
    if (scheme == std::string::npos) return text;
    const auto authority = scheme + 3;
    const auto at = text.find('@', authority);
    const auto slash = text.find('/', authority);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return text;
    const auto colon = text.find(':', authority);
    if (colon == std::string::npos || colon > at) return text;
    return text.substr(0, colon + 1) + "***" + text.substr(at);
}

}  // namespace girofle
