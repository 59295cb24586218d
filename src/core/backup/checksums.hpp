// What makes a snapshot checkable: the SHA-256 of every regular file, kept beside the data
// in sha256sum's format (`cd SNAPSHOT && sha256sum -c checksums.sha256` works without
// Girofle).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"

namespace girofle {

struct FileChecksum {
    std::string path;    // relative to the snapshot directory: "data/git-data/..."
    std::string sha256;  // lowercase hex
};

struct TreeCounts {
    std::uint64_t files = 0;
    std::uint64_t directories = 0;
    std::uint64_t symlinks = 0;
    std::uint64_t bytes = 0;
    // Disk (st_blocks, bytes) taken by the entries that are not hard links to files whose hash
    // was already known: what the snapshot adds beyond the previous one it was linked to.
    std::uint64_t added_bytes = 0;
};

// Hashes keyed by inode identity, shared by the snapshots of one run: hard-linked files are
// read once however many snapshots hold them.
class InodeHashCache {
public:
    using Key = std::tuple<dev_t, ino_t, std::int64_t /*size*/, std::int64_t /*mtime ns*/>;
    std::optional<std::string> find(const Key& key);
    bool contains(const Key& key);
    void store(const Key& key, const std::string& sha256);

private:
    std::mutex mutex_;
    std::map<Key, std::string> hashes_;
};

struct SnapshotChecksums {
    std::vector<FileChecksum> files;  // sorted by path
    TreeCounts counts;
    std::uint64_t bytes_read = 0;     // what had to be hashed (the rest was known)
};

// Hashes the regular files under `snapshot`/{data,config,log}, on every core. `known` may
// hold hashes of files already hashed (a previous snapshot's, by inode).
Result<SnapshotChecksums> checksum_snapshot(const std::filesystem::path& snapshot,
                                            InodeHashCache& known);
// Records the hashes of a verified snapshot's files in `cache`, by inode, so that the next
// snapshot only reads what is new.
Result<void> remember_hashes(const std::filesystem::path& snapshot,
                             const std::map<std::string, std::string>& hashes, InodeHashCache& cache);

std::string format_checksums(const std::vector<FileChecksum>& files);
Result<std::map<std::string, std::string>> parse_checksums(const std::string& text);

std::string sha256_hex(std::string_view bytes);
Result<std::string> sha256_of_file(const std::filesystem::path& path);

struct VerifyReport {
    std::uint64_t files_checked = 0;
    std::vector<std::string> problems;  // one line each, naming the file
    bool ok() const { return problems.empty(); }
};

// Rehashes every listed file and reports files missing, altered or truncated, and files
// that appeared. Hashes are cached by inode only within one run: each verify really reads.
Result<VerifyReport> verify_snapshot_files(const std::filesystem::path& snapshot,
                                           const std::map<std::string, std::string>& expected,
                                           InodeHashCache& cache);

}  // namespace girofle
