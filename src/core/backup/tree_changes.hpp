// What changed in a tree since a copy of it was taken while it was being written to: the
// final pass of a freeze backup on the rsync method (DESIGN.md §13) copies only that, so
// GitLab stays paused for one walk of its volumes and the copy of a few files, not for a
// second rsync of everything (49 s at 400,000 files).
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/backup/directory_inodes.hpp"
#include "core/error.hpp"

namespace girofle {

// A time as the kernel stamps files' ctime: nanoseconds since the epoch, CLOCK_REALTIME.
using FileTime = std::int64_t;

// The time to pass to changes_since for a copy that starts now: the kernel's clock, less a
// margin for the coarse clock it stamps ctime with (a tick behind) and for small clock steps.
// A file changed within the margin before the copy started is copied again: harmless.
FileTime copy_start_time();
// A timestamp as lstat gives it (st_ctim, st_mtim) as a FileTime.
FileTime file_time(const struct timespec& time);
// The same for a copy known to have started at or after `started` (a snapshot's ID time).
FileTime copy_start_time(std::chrono::system_clock::time_point started);

struct TreeChanges {
    // Entries to copy, relative to both trees ("." for the top directory). A directory stands
    // for itself (its mode, owner, times), not its content: its changed entries are listed
    // too. Meant for `rsync --files-from` without -r.
    std::vector<std::string> to_copy;
    // Entries of the copy to remove first, relative: gone from the source since, of another
    // type there now, or files and symlinks to copy again. A copy's file may be a hard link
    // into older snapshots: rsync would change its mode, owner or mtime in place in all of
    // them, so it is removed, and --link-dest links it again only when nothing changed.
    std::vector<std::string> to_remove;
    std::uint64_t entries = 0;  // entries of the source examined
    DirectoryInodes directories;  // the source's directories as walked, the top included
};

// Compares `source`, still now (GitLab paused), with `copy`, taken from it from `since` on
// while it changed. An entry is copied again when its ctime is at or after `since` (its data,
// mode, owner, links or extended attributes changed while or after it was copied), when the
// copy lacks it, or when their type, size, mtime, mode or owner differ (rsync's own check,
// kept as a second net). A directory's names are compared with the copy's only when its
// ctime says names were added or removed since. The copy must be the result of a complete
// rsync of `source` started at or after `since`: an entry that pass could not transfer (rsync
// exit 23) would not be seen. A directory below the top that is not the one `at_copy` records
// at its path (the directories as the copy's walk saw them: renamed or replaced since, by
// `mv a b; mv c a`, whose files keep their ctimes) is removed from the copy and copied again
// whole. Errors: failed or permission naming the directory that cannot be read.
Result<TreeChanges> changes_since(const std::filesystem::path& source, const std::filesystem::path& copy,
                                  FileTime since, const std::optional<DirectoryInodes>& at_copy = std::nullopt);

// Removes each of `entries` (relative: files, or whole directories; TreeChanges::to_remove)
// from `copy`; one already gone is no error. Errors: the filesystem's, naming the entry.
Result<void> remove_from_copy(const std::filesystem::path& copy, const std::vector<std::string>& entries);

}  // namespace girofle
