// What rsync's quick check gets wrong in a snapshot chain: a file rewritten with its size kept
// and its mtime put back (tools that restore mtimes, an editor's "preserve timestamps", a
// `touch -r`) looks unchanged, so `--link-dest` links it to the previous snapshot's stale copy
// and every later snapshot keeps that copy (found by two user trials: 25 and 44 files stale,
// verify and drill passing). Only the ctime, which no program can set back, tells. The
// files so linked whose ctime says they changed since the previous snapshot started are
// compared by content and copied again when they differ.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/backup/rsync.hpp"
#include "core/backup/tree_changes.hpp"
#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

// Regular files of `live` whose ctime is at or after `since` and whose path in `copy` is a
// hard link to the same path in `previous` (the same inode: rsync linked them). Paths are
// relative to the trees, for `rsync --files-from`. `live` is where ctimes are read: the
// volumes, or a still copy that kept their ctimes (a btrfs snapshot; a reflink clone's ctimes
// are its own, so its volumes are read instead, where a file deleted since the clone is not
// seen). Errors: failed or permission naming the directory of `live` that cannot be read.
Result<std::vector<std::string>> linked_but_changed_since(const std::filesystem::path& copy,
                                                          const std::filesystem::path& previous,
                                                          const std::filesystem::path& live, FileTime since);

// Those of `files` (regular files, relative) whose path in `copy` is a hard link to the same
// path in `previous`: rsync linked them. Never fails: a file missing from either is not listed.
std::vector<std::string> linked_to_previous(const std::filesystem::path& copy, const std::filesystem::path& previous,
                                            const std::vector<std::string>& files);

// Copies `files` again into `done.destination` by content (--checksum), each removed from it
// first: it is a hard link the previous snapshots share, whose attributes rsync would otherwise
// set in place. --link-dest links it again when its content and attributes are alike, else a
// new file is written. Returns rsync's counts (none when `files` is empty); errors: those of
// remove_from_copy and copy_tree.
Result<TreeCopyStats> copy_again_by_content(ProcessRunner& processes, const TreeCopy& done,
                                            std::vector<std::string> files);

// After `done` (a copy with a link_dest), copies again by content (--checksum) the files
// linked_but_changed_since finds, from `done.source` into `done.destination`. Each is removed
// from the destination first (it is a hard link the previous snapshots share, whose attributes
// rsync would otherwise set in place): --link-dest links it again when its content and
// attributes are alike, else a new file is written. Nothing to do without a link_dest.
// Returns rsync's counts (none when nothing was listed); errors: those of
// linked_but_changed_since, remove_from_copy and copy_tree.
Result<TreeCopyStats> copy_again_what_quick_check_missed(ProcessRunner& processes, const TreeCopy& done,
                                                         const std::filesystem::path& live, FileTime since);

}  // namespace girofle
