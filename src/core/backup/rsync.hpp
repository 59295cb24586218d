// The one way Girofle copies trees: rsync with everything GitLab's files need kept (hard
// links, ACLs, xattrs, numeric owners), and nanosecond mtime comparison: with rsync's
// default one-second window, a same-size file rewritten within the second of the previous
// pass (a git ref) would be taken for unchanged and kept stale.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

// How `TreeCopy::only`'s files are compared with `link_dest` before one is linked.
enum class Comparison {
    content,         // --checksum: listed because they may have changed whatever their mtime says
    size_and_mtime,  // rsync's quick check: listed for another reason (a new directory's files)
};

struct TreeCopy {
    std::filesystem::path source;       // copied as "source/" (its content)
    std::filesystem::path destination;
    std::optional<std::filesystem::path> link_dest;  // unchanged files become hard links to it
    // A tree being written to: files vanish or change while read (rsync exit 24, or 23 when
    // one vanishes between its listing and the reading of its attributes). Such a pass is
    // best effort; the pass over the still tree that follows it must be exact.
    bool live_source = false;
    // Only these entries, relative to `source` (`rsync --files-from`, without -r: a directory
    // stands for itself), compared as `only_compared_by` says, and nothing deleted; none at
    // all: rsync is not run. From a live source, an entry gone since it was listed is skipped
    // (--ignore-missing-args): the pass over the still tree deals with it.
    std::optional<std::vector<std::string>> only;
    Comparison only_compared_by = Comparison::content;
};

struct TreeCopyStats {
    std::uint64_t bytes_written = 0;    // "Total transferred file size"
    std::uint64_t files_written = 0;    // "Number of regular files transferred"
    std::uint64_t entries = 0;          // "Number of files" (all kinds)
    std::uint64_t directories = 0;      // its "dir:" part
    // A live source's pass ended with rsync's exit 23: some entry may not have been copied
    // for another reason than a change under it, so only a full pass makes the copy exact.
    bool incomplete = false;
};

// Whether --link-dest links a file of the source to `previous`, the same path in the link-dest
// tree, without reading either: rsync's quick check (size, mtime to the nanosecond with
// --modify-window=-1) and the attributes -a keeps (mode, owner, group).
bool linked_by_quick_check(const struct stat& source, const struct stat& previous);

std::vector<std::string> rsync_argv(const TreeCopy& copy);
Result<TreeCopyStats> copy_tree(ProcessRunner& processes, const TreeCopy& copy);
// Parses rsync's --stats output.
TreeCopyStats parse_rsync_stats(const std::string& output);

}  // namespace girofle
