#include "core/backup/quick_check_misses.hpp"

#include <sys/stat.h>

#include "core/tree_walk.hpp"

namespace girofle {

Result<std::vector<std::string>> linked_but_changed_since(const std::filesystem::path& copy,
                                                          const std::filesystem::path& previous,
                                                          const std::filesystem::path& live, FileTime since) {
    // Walks `live`, whose entries mostly did not change since: only the few that did are
    // looked up in the two snapshots.
    std::vector<std::string> misses;
    MatchingDirectory in_copy(copy);
    MatchingDirectory in_previous(previous);
    auto walked = walk_tree(live, TreeState::live, [&](const WalkedEntry& entry) {
        if (!S_ISREG(entry.info.st_mode) || file_time(entry.info.st_ctim) < since) return;
        struct stat copied {}, before {};
        if (in_copy.stat(entry.directory, entry.name, copied) && S_ISREG(copied.st_mode) &&
            in_previous.stat(entry.directory, entry.name, before) && copied.st_ino == before.st_ino &&
            copied.st_dev == before.st_dev)
            misses.push_back(entry.relative());
    });
    if (!walked) return std::unexpected(walked.error());
    return misses;
}

Result<TreeCopyStats> copy_again_what_quick_check_missed(ProcessRunner& processes, const TreeCopy& done,
                                                         const std::filesystem::path& live, FileTime since) {
    if (!done.link_dest) return TreeCopyStats{};
    auto misses = linked_but_changed_since(done.destination, *done.link_dest, live, since);
    if (!misses) return std::unexpected(misses.error());
    // Removed first, as the final pass does (tree_changes.hpp): rsync must write a new file,
    // never set attributes on the inode the previous snapshots share.
    if (auto removed = remove_from_copy(done.destination, *misses); !removed) return std::unexpected(removed.error());
    TreeCopy again = done;
    again.only = std::move(*misses);
    return copy_tree(processes, again);
}

}  // namespace girofle
