#include "core/backup/space_estimate.hpp"

#include <sys/stat.h>

#include "core/backup/rsync.hpp"
#include "core/tree_walk.hpp"

namespace girofle {
namespace {

constexpr std::uint64_t kBlock = 4096;

std::uint64_t rounded_to_blocks(std::int64_t size) {
    auto bytes = static_cast<std::uint64_t>(size);
    return (bytes + kBlock - 1) / kBlock * kBlock;
}

}  // namespace

Result<SpaceEstimate> estimate_snapshot_space(const std::filesystem::path& volumes,
                                              const std::optional<std::filesystem::path>& previous) {
    SpaceEstimate estimate{kBlock, 1};
    // GitLab runs while this walks (a freeze or stop backup checks space before anything is
    // paused): a directory listed a moment ago may be gone when opened (git's quarantine
    // directories of a push in flight), and is then skipped, like a vanished file. The volumes
    // themselves must be there.
    std::optional<MatchingDirectory> in_previous;
    if (previous) in_previous.emplace(*previous);
    auto walked = walk_tree(volumes, TreeState::live, [&](const WalkedEntry& entry) {
        if (S_ISDIR(entry.info.st_mode)) {
            estimate.bytes += kBlock;
            ++estimate.inodes;
            return;
        }
        struct stat before {};
        if (in_previous && in_previous->stat(entry.directory, entry.name, before) && linked_by_quick_check(entry.info, before))
            return;
        estimate.bytes += rounded_to_blocks(entry.info.st_size);
        ++estimate.inodes;
    });
    if (!walked) return std::unexpected(walked.error());
    return estimate;
}

}  // namespace girofle
