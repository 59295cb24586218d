#include "core/backup/incremental_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "core/backup/file_copy.hpp"
#include "core/backup/quick_check_misses.hpp"
#include "core/backup/space_estimate.hpp"
#include "core/file_io.hpp"
#include "core/interruption.hpp"
#include "core/parallel_for.hpp"
#include "core/path_arena.hpp"
#include "core/tree_walk.hpp"

namespace girofle {
namespace {

TreeCopyStats added(TreeCopyStats a, const TreeCopyStats& b) {
    a.bytes_written += b.bytes_written;
    a.files_written += b.files_written;
    a.entries += b.entries;
    a.directories += b.directories;
    a.incomplete = a.incomplete || b.incomplete;
    return a;
}

// Takes the errno saved before `path` was built (building it may allocate).
std::unexpected<Error> cannot_write(const std::filesystem::path& path, int error_number) {
    const ErrorKind kind = kind_of_errno(error_number);
    return fail(kind, path.string(),
                std::string(kind == ErrorKind::no_space ? "not enough space: " : "cannot write: ") +
                    std::strerror(error_number));
}

// Copies `files` (relative paths) from the source, hashing them as they are written, on
// kDefaultCopyWorkers threads; files of a live source gone meanwhile are left to the final pass.
Result<void> copy_files(const TreeCopy& copy, const std::deque<std::string_view>& files, IncrementalCopyStats& stats) {
    const TreeState state = copy.live_source ? TreeState::live : TreeState::still;
    std::mutex written_mutex;  // guards stats' counts and hashes
    return parallel_for(files.size(), kDefaultCopyWorkers, [&](std::size_t i) -> Result<void> {
        thread_local std::vector<char> buffer(kCopyBlock);
        if (interrupted()) return fail(ErrorKind::failed, copy.destination.string(), "interrupted");
        auto file = copy_file_hashing(copy.source / files[i], copy.destination / files[i], state, buffer);
        if (!file) return std::unexpected(file.error());
        if (!*file) return {};
        std::lock_guard lock(written_mutex);
        ++stats.copied;
        stats.copied_bytes += static_cast<std::uint64_t>((*file)->written.st_size);
        stats.written.emplace_back(InodeHashCache::written_key_of((*file)->written), (*file)->sha256);
        return {};
    });
}

}  // namespace

Result<IncrementalCopyStats> copy_incrementally(ProcessRunner& processes, const TreeCopy& copy, FileTime since,
                                                const std::optional<DirectoryInodes>& previous_directories,
                                                const SpaceCheck& check_space) {
    const FileDescriptor destination_top = open_directory(copy.destination);
    if (!destination_top.valid()) return cannot_read(copy.destination);
    auto already = names_in(destination_top, copy.destination);
    if (!already) return std::unexpected(already.error());
    if (!already->empty()) {  // not a new snapshot: rsync --delete tidies it
        if (check_space) {
            auto estimate = estimate_snapshot_space(copy.source, copy.link_dest);
            if (!estimate) return std::unexpected(estimate.error());
            if (auto enough = check_space(*estimate); !enough) return std::unexpected(enough.error());
        }
        auto copied = copy_tree(processes, copy);
        if (!copied) return std::unexpected(copied.error());
        auto again = copy_again_what_quick_check_missed(processes, copy, copy.source, since);
        if (!again) return std::unexpected(again.error());
        return IncrementalCopyStats{.rsync = added(*copied, *again), .copied_again = again->files_written};
    }
    struct stat top {};
    if (::lstat(copy.source.c_str(), &top) != 0) return cannot_read(copy.source);

    IncrementalCopyStats stats{.directories = DirectoryInodes{{"", top.st_ino}}};
    // Directories that may not be the ones of the previous snapshot at their paths, with
    // everything under them: their files are compared by content if rsync links them.
    std::unordered_set<std::string> unconfirmed;
    auto not_recorded = [&](const std::string& relative, ino_t inode) {
        return previous_directories && !same_directory(*previous_directories, relative, inode);
    };
    if (not_recorded("", top.st_ino)) unconfirmed.insert("");
    std::vector<std::string> for_rsync = {"."};  // every directory, and what Girofle does not copy
    // Regular files Girofle copies and hashes itself: every file, at a first backup.
    std::deque<std::string_view> to_copy;
    PathArena to_copy_paths;
    std::vector<std::string> suspects;           // what rsync may link although it changed
    // Under a directory the previous snapshot holds as a symlink (to anywhere): for rsync
    // without --link-dest, which would look files up through it.
    std::vector<std::string> for_rsync_alone;
    // Files with several names: rsync -H must see them all in one run, with --link-dest unless
    // some are in `for_rsync_alone`.
    std::vector<std::string> hard_linked;
    std::optional<MatchingDirectory> previous;
    if (copy.link_dest) previous.emplace(*copy.link_dest);
    MatchingDirectory destination(copy.destination);
    SpaceEstimate planned;
    planned.add(top, false);
    std::optional<Error> failure;
    auto walked = walk_tree(copy.source, copy.live_source ? TreeState::live : TreeState::still,
                            [&](const WalkedEntry& entry) {
        if (failure) return;
        const bool in_unconfirmed = unconfirmed.contains(entry.directory);
        if (S_ISDIR(entry.info.st_mode)) {
            planned.add(entry.info, false);
            std::string relative = entry.relative();
            stats.directories->emplace(relative, entry.info.st_ino);
            if (in_unconfirmed || not_recorded(relative, entry.info.st_ino)) unconfirmed.insert(relative);
            const int into = destination.descriptor(entry.directory);
            // 0700 until rsync sets its mode, owner and times, after what it holds.
            if (into < 0 || ::mkdirat(into, entry.name, 0700) != 0) {
                const int saved = errno;
                failure = cannot_write(copy.destination / relative, saved).error();
                return;
            }
            for_rsync.push_back(std::move(relative));
            return;
        }
        const bool regular = S_ISREG(entry.info.st_mode);
        // Nothing about a file changed since when its ctime is older and it is the file that
        // was at its path (directory_inodes.hpp); any other may fool rsync's quick check.
        const bool suspect = in_unconfirmed || file_time(entry.info.st_ctim) >= since;
        // rsync -H must see every name of a hard-linked file.
        const bool single = regular && entry.info.st_nlink == 1;
        struct stat before {};
        const bool alike_in_previous = previous && previous->stat(entry.directory, entry.name, before) &&
                                       linked_by_quick_check(entry.info, before);
        planned.add(entry.info, alike_in_previous);
        const bool alike = regular && alike_in_previous && S_ISREG(before.st_mode);
        if (single && !alike) {  // nothing to link: a new or rewritten file
            to_copy.push_back(to_copy_paths.keep(entry.relative()));
            return;
        }
        // rsync's --link-dest would follow the previous snapshot's symlink out of it.
        if (previous && previous->not_a_real_directory(entry.directory)) {
            for_rsync_alone.push_back(entry.relative());
            return;
        }
        // What rsync links by its quick check although it may have changed: compared by
        // content afterwards, and linked only if alike (the previous snapshot's space shared).
        if (!single || suspect) {
            if (alike && suspect) suspects.push_back(entry.relative());
            (regular && !single ? hard_linked : for_rsync).push_back(entry.relative());
            return;
        }
        // What rsync would link too, without its three processes comparing it.
        if (::linkat(previous->descriptor(entry.directory), entry.name, destination.descriptor(entry.directory),
                     entry.name, 0) == 0) {
            ++stats.linked;
            return;
        }
        const int saved = errno;
        if (saved == EMLINK) {  // the previous snapshot's file has all the links it can take
            to_copy.push_back(to_copy_paths.keep(entry.relative()));
            return;
        }
        failure = cannot_write(copy.destination / entry.relative(), saved).error();
    });
    if (!walked) return std::unexpected(walked.error());
    if (failure) return std::unexpected(*failure);
    // Only directories and links made so far: the data is still to be written.
    if (check_space)
        if (auto enough = check_space(planned); !enough) return std::unexpected(enough.error());

    // Before rsync, which sets each directory's times once what it holds is written.
    if (auto written = copy_files(copy, to_copy, stats); !written) return std::unexpected(written.error());
    to_copy = {};
    to_copy_paths = {};
    auto& with_its_twins = for_rsync_alone.empty() ? for_rsync : for_rsync_alone;
    with_its_twins.insert(with_its_twins.end(), hard_linked.begin(), hard_linked.end());
    stats.listed = for_rsync.size() + for_rsync_alone.size();
    if (!for_rsync_alone.empty()) {  // first: the run below sets the directories' times
        TreeCopy alone = copy;
        alone.link_dest.reset();
        alone.only = std::move(for_rsync_alone);
        alone.only_compared_by = Comparison::size_and_mtime;
        auto copied = copy_tree(processes, alone);
        if (!copied) return std::unexpected(copied.error());
        stats.rsync = *copied;
    }
    TreeCopy rest = copy;
    rest.only = std::move(for_rsync);
    rest.only_compared_by = Comparison::size_and_mtime;
    auto copied = copy_tree(processes, rest);
    if (!copied) return std::unexpected(copied.error());
    stats.rsync = added(stats.rsync, *copied);
    if (!copy.link_dest) return stats;
    auto again = copy_again_by_content(processes, copy, linked_to_previous(copy.destination, *copy.link_dest, suspects));
    if (!again) return std::unexpected(again.error());
    stats.rsync = added(stats.rsync, *again);
    stats.copied_again = again->files_written;
    return stats;
}

}  // namespace girofle
