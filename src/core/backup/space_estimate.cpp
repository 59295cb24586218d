#include "core/backup/space_estimate.hpp"

#include <sys/stat.h>

#include "core/file_io.hpp"

namespace girofle {
namespace {

constexpr std::uint64_t kBlock = 4096;

std::uint64_t rounded_to_blocks(std::int64_t size) {
    auto bytes = static_cast<std::uint64_t>(size);
    return (bytes + kBlock - 1) / kBlock * kBlock;
}

bool same_for_rsync(const struct stat& a, const struct stat& b) {
    return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
           a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_mode == b.st_mode && a.st_uid == b.st_uid &&
           a.st_gid == b.st_gid;
}

}  // namespace

Result<SpaceEstimate> estimate_snapshot_space(const std::filesystem::path& volumes,
                                              const std::optional<std::filesystem::path>& previous) {
    SpaceEstimate estimate{kBlock, 1};
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(volumes, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        struct stat current {};
        if (::lstat(it->path().c_str(), &current) != 0) continue;  // vanished meanwhile
        if (S_ISDIR(current.st_mode)) {
            estimate.bytes += kBlock;
            ++estimate.inodes;
            continue;
        }
        if (previous) {
            struct stat before {};
            const auto relative = std::filesystem::relative(it->path(), volumes);
            if (::lstat((*previous / relative).c_str(), &before) == 0 && same_for_rsync(current, before)) continue;
        }
        estimate.bytes += rounded_to_blocks(current.st_size);
        ++estimate.inodes;
    }
    if (error) return fail(kind_of_errno(error.value()), volumes.string(), "cannot read: " + error.message());
    return estimate;
}

}  // namespace girofle
