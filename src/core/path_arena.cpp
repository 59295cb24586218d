#include "core/path_arena.hpp"

#include <algorithm>

namespace girofle {

std::string_view PathArena::keep(std::string_view path) {
    // 256 KiB: a small arena costs little more; a path (at most PATH_MAX) always fits.
    constexpr std::size_t kBlockBytes = std::size_t{1} << 18;
    if (path.size() > free_bytes_) {
        const std::size_t bytes = std::max(kBlockBytes, path.size());
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
        free_ = blocks_.back().get();
        free_bytes_ = bytes;
    }
    std::copy(path.begin(), path.end(), free_);
    const std::string_view kept(free_, path.size());
    free_ += path.size();
    free_bytes_ -= path.size();
    return kept;
}

}  // namespace girofle
