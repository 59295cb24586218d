// Docker multiplexes a non-TTY process's stdout and stderr on one HTTP body: each frame is an
// 8-byte header (stream id, three zero bytes, big-endian length) followed by the payload.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace girofle::docker_api {

struct DemultiplexedOutput {
    std::string out;
    std::string err;
    std::string interleaved;  // both, in the order the engine sent them (what `docker logs` shows)
};

// nullopt when `raw` is not framed, which is how a container with a TTY answers.
// A frame cut short (the request timed out) keeps what arrived.
std::optional<DemultiplexedOutput> demultiplex(std::string_view raw);

}  // namespace girofle::docker_api
