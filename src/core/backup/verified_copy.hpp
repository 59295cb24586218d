// Copying a snapshot out while checking it: each regular file is read once, its blocks hashed
// (SHA-256) as they are written, and the copy fails if a hash differs from the snapshot's
// checksum list. Restore and drill use it instead of "verify, then copy" (two reads).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/backup/file_copy.hpp"
#include "core/error.hpp"

namespace girofle {

struct VerifiedCopyRequest {
    std::filesystem::path snapshot;      // the snapshot directory (holds checksums.sha256)
    // Top directories to copy, relative to `snapshot` ("data", "config", "log"). One that the
    // snapshot lacks is created empty (an app snapshot has no log).
    std::vector<std::string> trees;
    // Path relative to `snapshot` -> lowercase hex SHA-256: the parsed checksum list. Every
    // regular file under `trees` must be listed with its hash, and every listed file present.
    std::map<std::string, std::string> expected;
    // Created by the copy (mode 0755, umask aside) and must not exist; its parent must.
    std::filesystem::path destination;
    // Set when the caller made `destination` itself, empty (a btrfs subvolume, say): then it
    // must exist and be empty, and a failed copy still removes it.
    bool destination_made_by_caller = false;
    // Files copied at once; 0 picks kDefaultCopyWorkers.
    unsigned workers = 0;
};

struct VerifiedCopyStats {
    std::uint64_t files = 0;        // regular files written (hard-link aliases not counted)
    std::uint64_t hard_links = 0;   // further names of a file already written
    std::uint64_t directories = 0;
    std::uint64_t symlinks = 0;
    std::uint64_t specials = 0;     // sockets, FIFOs, devices
    std::uint64_t bytes = 0;        // bytes read (= written)
};

// Copies `request.trees` of `request.snapshot` into `request.destination` as `cp -a` and
// `rsync -aHAX --numeric-ids` do: numeric owner and group, mode, access and modification
// times (nanoseconds), extended attributes (ACLs among them) of files and directories,
// symlinks as symlinks, sockets/FIFOs/devices recreated, files hard-linked inside the
// snapshot hard-linked in the copy. Without root, owners that cannot be given are left as
// the copier's (as rsync does). Files are copied by `workers` threads at once.
//
// Nothing is published on failure: the destination is removed before returning an error.
// Errors (object: the snapshot file concerned, else the destination):
// - failed: a file's content differs from its listed hash ("altered or truncated"), a
//   regular file not in the list, a listed file missing, the destination already exists;
// - no_space: the destination's filesystem is full (ENOSPC, EDQUOT);
// - permission / not_found / failed: other system errors, with errno's text;
// - failed "interrupted": Ctrl-C or SIGTERM arrived (core/interruption.hpp).
Result<VerifiedCopyStats> verified_copy(const VerifiedCopyRequest& request);

// The checksum list of `snapshot` (its checksums.sha256), refused unless its SHA-256 is
// `list_sha256` (the digest the manifest recorded): a list edited to match altered files
// must not vouch for them. Errors: failed naming the list (missing, altered, malformed).
Result<std::map<std::string, std::string>> read_recorded_checksums(const std::filesystem::path& snapshot,
                                                                   const std::string& list_sha256);

}  // namespace girofle
