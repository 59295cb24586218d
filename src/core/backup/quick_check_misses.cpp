#include "core/backup/quick_check_misses.hpp"

#include <sys/stat.h>

#include "core/tree_walk.hpp"

namespace girofle {

std::vector<std::string> linked_to_previous(const std::filesystem::path& copy, const std::filesystem::path& previous,
                                            const std::vector<std::string>& files) {
    std::vector<std::string> linked;
    for (const auto& file : files) {
        struct stat copied {}, before {};
        if (::lstat((copy / file).c_str(), &copied) == 0 && S_ISREG(copied.st_mode) &&
            ::lstat((previous / file).c_str(), &before) == 0 && copied.st_ino == before.st_ino &&
            copied.st_dev == before.st_dev)
            linked.push_back(file);
    }
    return linked;
}

Result<std::vector<std::string>> linked_but_changed_since(const std::filesystem::path& copy,
                                                          const std::filesystem::path& previous,
                                                          const std::filesystem::path& live, FileTime since) {
    // Walks `live`, whose entries mostly did not change since: only the few that did are
    // looked up in the two snapshots.
    std::vector<std::string> changed;
    auto walked = walk_tree(live, TreeState::live, [&](const WalkedEntry& entry) {
        if (S_ISREG(entry.info.st_mode) && file_time(entry.info.st_ctim) >= since) changed.push_back(entry.relative());
    });
    if (!walked) return std::unexpected(walked.error());
    return linked_to_previous(copy, previous, changed);
}

Result<TreeCopyStats> copy_again_by_content(ProcessRunner& processes, const TreeCopy& done,
                                            std::vector<std::string> files) {
    // Removed first, as the final pass does (tree_changes.hpp): rsync must write a new file,
    // never set attributes on the inode the previous snapshots share.
    if (auto removed = remove_from_copy(done.destination, files); !removed) return std::unexpected(removed.error());
    TreeCopy again = done;
    again.only = std::move(files);
    again.only_compared_by = Comparison::content;
    return copy_tree(processes, again);
}

Result<TreeCopyStats> copy_again_what_quick_check_missed(ProcessRunner& processes, const TreeCopy& done,
                                                         const std::filesystem::path& live, FileTime since) {
    if (!done.link_dest) return TreeCopyStats{};
    auto misses = linked_but_changed_since(done.destination, *done.link_dest, live, since);
    if (!misses) return std::unexpected(misses.error());
    return copy_again_by_content(processes, done, std::move(*misses));
}

}  // namespace girofle
