// The copy of a backup, at the speed of a walk and of one read of what changed. Most files
// have not changed since the previous snapshot was taken, and their ctime says so (no program
// can set a ctime back; a write, chmod, chown, xattr change, link or rename stamps it).
// Girofle walks the source once, hard-links those files from the previous snapshot and copies
// the other regular files itself, hashing them as it writes them, several at a time; rsync
// gets only the directories and what Girofle does not copy (symlinks, devices, hard-linked
// files). At 41,000 files with 1% changed, rsync alone compares every file with the previous
// snapshot in three processes (7.2 s), and a full backup read everything twice (rsync, then
// the checksums); see bench/backup/run for what this takes.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/backup/checksums.hpp"
#include "core/backup/directory_inodes.hpp"
#include "core/backup/rsync.hpp"
#include "core/backup/space_estimate.hpp"
#include "core/backup/tree_changes.hpp"
#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

// What copy_incrementally did beside rsync's own counts.
struct IncrementalCopyStats {
    TreeCopyStats rsync;          // both rsync runs' counts added, `incomplete` from either
    std::uint64_t linked = 0;     // files hard-linked from the previous snapshot without rsync
    std::uint64_t copied = 0;     // files Girofle copied itself, hashing them as it wrote them
    std::uint64_t copied_bytes = 0;
    std::uint64_t listed = 0;     // entries handed to rsync (directories included)
    std::uint64_t copied_again = 0;  // files rsync linked although changed, copied again by content
    // The SHA-256 of each file Girofle copied, by the copy's inode (for checksum_snapshot).
    std::deque<InodeHashCache::Written> written;
    // The source's directories as walked, for the snapshot's record or the final pass; none
    // when rsync alone copied (a destination not empty).
    std::optional<DirectoryInodes> directories;
};

// Called by copy_incrementally once it knows what the copy will write and before any file's
// data is written; an error stops the copy and is returned as it is.
using SpaceCheck = std::function<Result<void>(const SpaceEstimate& to_write)>;

// Copies `copy.source` into `copy.destination`, which must be empty, with `copy.link_dest`
// the previous snapshot (if any), taken from the source when it started at or after `since`
// (its ID's time less a margin: copy_start_time(time_point)), and `previous_directories` its
// record (directory_inodes.hpp; none: every directory is taken for the one that was at its
// path, as rsync's quick check takes it: a snapshot taken before records existed). The result
// is what rsync alone gives, without what its quick check gets wrong, faster: a regular file
// whose ctime is before `since` and whose directories are all the ones recorded at their paths
// (nothing about it changed since), that has one link (rsync -H must see every name of a
// hard-linked file), and that the previous snapshot holds alike (linked_by_quick_check: rsync
// would link it) is linked by Girofle. Every directory is created (mode 0700); the other
// regular files with one link are copied by Girofle (file_copy.hpp: content, numeric owner,
// mode, xattrs and ACLs, times, as rsync -aHAX --numeric-ids gives them) and their hashes kept
// in `written`; then rsync copies the directories' attributes and everything else, with
// --link-dest; a hard-linked file it linked that is not known unchanged that way is copied
// again by content (quick_check_misses.hpp). With a destination not empty, it is rsync alone.
// `copy.only` must be unset. A live source's entries that vanish while it runs are skipped:
// the pass over the still tree deals with them. `check_space`, if given, gets what the walk
// counted (space_estimate.hpp's rule: the directories, and every entry the previous snapshot
// does not hold alike) after the walk, which has made only directories and hard links (before
// rsync alone, estimate_snapshot_space's figure): one walk instead of two.
// Errors: not_found, permission or failed naming the directory or file that cannot be read
// or written; no_space when a file, link or directory cannot be made for want of space;
// failed "interrupted" (core/interruption.hpp); and those of copy_tree.
Result<IncrementalCopyStats> copy_incrementally(ProcessRunner& processes, const TreeCopy& copy, FileTime since,
                                                const std::optional<DirectoryInodes>& previous_directories,
                                                const SpaceCheck& check_space = {});

}  // namespace girofle
