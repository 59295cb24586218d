// Paths held by the hundred thousand (every file of a snapshot), packed: each is copied into
// large blocks, end to end. A std::string per path costs its 32-byte header plus a heap block
// with malloc's own overhead, about 100 bytes for a 45-character path instead of 45.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace girofle {

class PathArena {
public:
    // Copies `path` into the arena; the view stays valid while the arena lives, moves included.
    std::string_view keep(std::string_view path);

private:
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* free_ = nullptr;  // in the last block
    std::size_t free_bytes_ = 0;
};

}  // namespace girofle
