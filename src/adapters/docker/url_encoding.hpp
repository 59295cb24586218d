// Percent-encoding for the parts of a Docker API URL that come from names and references.
#pragma once

#include <string>
#include <string_view>

namespace girofle::docker_api {

// Encodes every byte outside RFC 3986's unreserved set, except the characters in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = {});

// A container name or id as one path segment.
inline std::string path_segment(std::string_view name) {
    return percent_encode(name);
}

// An image reference in a path: Docker's routes take "registry:5000/group/name:tag" as is.
inline std::string image_path(std::string_view reference) {
    return percent_encode(reference, "/:@");
}

}  // namespace girofle::docker_api
