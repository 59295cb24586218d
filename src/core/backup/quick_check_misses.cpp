#include "core/backup/quick_check_misses.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_io.hpp"
#include "core/tree_walk.hpp"

namespace girofle {

Result<std::vector<std::string>> linked_but_changed_since(const std::filesystem::path& copy,
                                                          const std::filesystem::path& previous,
                                                          const std::filesystem::path& live, FileTime since) {
    std::vector<std::string> misses;
    MatchingDirectory in_previous(previous);
    MatchingDirectory in_live(live);
    auto walked = walk_tree(copy, TreeState::still, [&](const WalkedEntry& entry) {
        if (!S_ISREG(entry.info.st_mode) || entry.info.st_nlink < 2) return;
        struct stat before {};
        if (!in_previous.stat(entry.directory, entry.name, before) || before.st_ino != entry.info.st_ino ||
            before.st_dev != entry.info.st_dev)
            return;
        struct stat now {};
        const bool gone = !in_live.stat(entry.directory, entry.name, now);
        if (gone || static_cast<FileTime>(now.st_ctim.tv_sec) * 1'000'000'000 + now.st_ctim.tv_nsec >= since)
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
    for (const auto& relative : *misses)
        if (::unlink((done.destination / relative).c_str()) != 0 && errno != ENOENT)
            return fail(kind_of_errno(errno), (done.destination / relative).string(),
                        std::string("cannot remove: ") + std::strerror(errno));
    TreeCopy again = done;
    again.only = std::move(*misses);
    return copy_tree(processes, again);
}

}  // namespace girofle
