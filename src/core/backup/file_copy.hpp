// Copying one regular file while hashing it: the file is read once, each block hashed (SHA-256)
// and written. Restore's verifying copy and the backup's own copy of new files both go
// through here, so that neither needs a second read of the data for its checksums.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/backup/checksums.hpp"
#include "core/error.hpp"
#include "core/tree_walk.hpp"

namespace girofle {

// A read of 1 MiB at a time: large enough that the calls cost nothing beside the data.
inline constexpr std::size_t kCopyBlock = 1 << 20;

// Files copied at once. Measured on the 2-core VM the project is built on (1 GiB in 40,000
// files, page cache dropped, flushed): 1 worker 27.0 s, 2 workers 17.1 s, 4 workers 14.4 s,
// `cp -a` 22-26 s. Reading many small files is bound by the disk's latency, which more
// requests in flight hide.
inline constexpr unsigned kDefaultCopyWorkers = 4;

// The failure of a system call on `object`: "`action`: strerror", kind from errno.
std::unexpected<Error> system_failure(const std::filesystem::path& object, const std::string& action,
                                      int error_number);

// Owners are given only where the OS lets us: without root, rsync and cp keep the copier's.
bool ownership_refusal_is_fine(int error_number);

// From one open file or directory to another, as `rsync -aAX --numeric-ids` copies them:
// numeric owner and group, extended attributes (POSIX ACLs are stored as such), mode (after
// the owner: chown clears set-id bits), access and modification times (nanoseconds) from
// `info`. Errors: permission / failed naming `object`, with errno's text.
Result<void> copy_attributes(int from, int to, const struct stat& info, const std::filesystem::path& object);

// The same for a symlink, FIFO, socket or device made at `to` (symlink, mknod), from `from`
// and its lstat `info`, without opening or following either; a symlink keeps the mode Linux
// gives every symlink.
Result<void> copy_link_attributes(const std::filesystem::path& from, const std::filesystem::path& to,
                                  const struct stat& info);

struct HashedCopy {
    Sha256Digest sha256;   // of the bytes written, which are the bytes read
    struct stat written;   // fstat of the copy once its attributes were set
};

// Copies the regular file `source` to `target`, which must not exist (created mode 0600,
// then given the source's attributes, read from the open source). `buffer` is the caller's,
// kCopyBlock bytes, reused across calls. With TreeState::live, a source that is gone or is no
// longer a regular file gives nullopt and leaves no target: the pass over the still tree
// deals with it. Errors (object: the file concerned): not_found, permission or failed with
// errno's text (a still source that is gone or not a regular file among them); no_space when
// `target`'s filesystem is full (ENOSPC, EDQUOT); a failed copy leaves its target behind for
// the caller, who removes the whole destination.
Result<std::optional<HashedCopy>> copy_file_hashing(const std::filesystem::path& source,
                                                    const std::filesystem::path& target, TreeState state,
                                                    std::vector<char>& buffer);

}  // namespace girofle
