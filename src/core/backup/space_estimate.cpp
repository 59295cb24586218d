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

void SpaceEstimate::add(const struct stat& entry, bool linked) {
    if (S_ISDIR(entry.st_mode)) {
        bytes += kBlock;
        ++inodes;
    } else if (!linked) {
        bytes += rounded_to_blocks(entry.st_size);
        ++inodes;
    }
}

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
        struct stat before {};
        estimate.add(entry.info, !S_ISDIR(entry.info.st_mode) && in_previous &&
                                     in_previous->stat(entry.directory, entry.name, before) &&
                                     linked_by_quick_check(entry.info, before));
    });
    if (!walked) return std::unexpected(walked.error());
    return estimate;
}

}  // namespace girofle
