// POST /images/create: what to ask for, and whether the progress stream it answers ended well.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace girofle::docker_api {

struct PullTarget {
    std::string image;  // fromImage: "registry:5000/group/name"
    std::string tag;    // a tag or a digest ("sha256:...")
};

// Splits "name:tag" or "name@sha256:..." as the docker CLI does. A reference without a tag
// pulls "latest": an empty tag would make the engine pull every tag of the repository.
PullTarget pull_target(std::string_view reference);

// The engine answers 200 and then streams JSON progress lines; a failure after that point
// arrives as an {"error": ..., "errorDetail": {...}} line. Returns its message, if any.
std::optional<std::string> pull_stream_error(std::string_view body);

}  // namespace girofle::docker_api
