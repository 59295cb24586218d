#include "adapters/docker/stream_demux.hpp"

#include <cstdint>

namespace girofle::docker_api {
namespace {

constexpr std::size_t kHeaderSize = 8;
enum StreamId : unsigned char { kStdin = 0, kStdout = 1, kStderr = 2, kSystemError = 3 };

}  // namespace

std::optional<DemultiplexedOutput> demultiplex(std::string_view raw) {
    DemultiplexedOutput result;
    while (!raw.empty()) {
        if (raw.size() < kHeaderSize) return std::nullopt;
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(raw[i]); };
        const unsigned char stream = byte(0);
        if (stream > kSystemError || byte(1) != 0 || byte(2) != 0 || byte(3) != 0)
            return std::nullopt;
        const std::uint32_t length = (std::uint32_t{byte(4)} << 24) |
                                     (std::uint32_t{byte(5)} << 16) |
                                     (std::uint32_t{byte(6)} << 8) | std::uint32_t{byte(7)};
        raw.remove_prefix(kHeaderSize);
        const std::string_view payload = raw.substr(0, length);
        raw.remove_prefix(payload.size());
        (stream == kStderr || stream == kSystemError ? result.err : result.out) += payload;
        result.interleaved += payload;
    }
    return result;
}

}  // namespace girofle::docker_api
