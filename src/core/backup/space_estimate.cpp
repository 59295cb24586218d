#include "core/backup/space_estimate.hpp"

#include <sys/stat.h>

#include <vector>

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
    // GitLab runs while this walks (a freeze or stop backup checks space before anything is
    // paused): a directory listed a moment ago may be gone when opened (git's quarantine
    // directories of a push in flight), and is then skipped, like a vanished file. The volumes
    // themselves must be there.
    std::vector<std::filesystem::path> directories = {volumes};
    while (!directories.empty()) {
        const auto directory = std::move(directories.back());
        directories.pop_back();
        std::error_code error;
        std::filesystem::directory_iterator it(directory, error), end;
        for (; !error && it != end; it.increment(error)) {
            struct stat current {};
            if (::lstat(it->path().c_str(), &current) != 0) continue;  // vanished meanwhile
            if (S_ISDIR(current.st_mode)) {
                estimate.bytes += kBlock;
                ++estimate.inodes;
                directories.push_back(it->path());
                continue;
            }
            if (previous) {
                struct stat before {};
                const auto relative = it->path().lexically_relative(volumes);
                if (::lstat((*previous / relative).c_str(), &before) == 0 && same_for_rsync(current, before)) continue;
            }
            estimate.bytes += rounded_to_blocks(current.st_size);
            ++estimate.inodes;
        }
        if (error && !(error == std::errc::no_such_file_or_directory && directory != volumes))
            return fail(kind_of_errno(error.value()), directory.string(), "cannot read: " + error.message());
    }
    return estimate;
}

}  // namespace girofle
