// What makes a snapshot checkable: the SHA-256 of every regular file, kept beside the data
// in sha256sum's format (`cd SNAPSHOT && sha256sum -c checksums.sha256` works without
// Girofle).
#pragma once

#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "core/path_arena.hpp"

namespace girofle {

// A SHA-256 as its 32 bytes: held for every file of a snapshot, where the 64-character hex
// form on the heap would cost 112 bytes each (45 MiB at 400,000 files instead of 13).
using Sha256Digest = std::array<unsigned char, 32>;
std::string to_hex(const Sha256Digest& digest);  // lowercase, 64 characters

// SHA-256 fed block by block (OpenSSL's EVP interface). Throws std::bad_alloc if OpenSSL
// cannot make a context.
class Sha256Stream {
public:
    Sha256Stream();
    void update(std::string_view bytes);
    Sha256Digest finish();  // once

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

// The digest a 64-character hex string spells (either case); nullopt for anything else.
std::optional<Sha256Digest> digest_from_hex(std::string_view hex);

struct FileChecksum {
    std::string_view path;  // relative to the snapshot directory: "data/git-data/..."
    Sha256Digest sha256{};
};

// One entry per regular file of a snapshot, held for all of them at once (400,000 files and
// more): its paths are packed in a PathArena, and entries are in a deque, which grows block by
// block (a vector's doubling holds the old and the new array at once).
class ChecksumList {
public:
    ChecksumList() = default;
    ChecksumList(std::initializer_list<FileChecksum> files);
    // Copies `file.path`'s characters into the list.
    void push_back(const FileChecksum& file) { files_.push_back({paths_.keep(file.path), file.sha256}); }
    void sort_by_path();

    std::size_t size() const { return files_.size(); }
    bool empty() const { return files_.empty(); }
    FileChecksum& operator[](std::size_t i) { return files_[i]; }
    const FileChecksum& operator[](std::size_t i) const { return files_[i]; }
    auto begin() const { return files_.begin(); }
    auto end() const { return files_.end(); }

private:
    std::deque<FileChecksum> files_;
    PathArena paths_;
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
// read once however many snapshots hold them. find and store are safe from any thread;
// remember_checksums fills it before the threads start.
class InodeHashCache {
public:
    using Key = std::tuple<dev_t, ino_t, std::int64_t /*size*/, std::int64_t /*mtime ns*/>;
    using Entry = std::pair<Key, Sha256Digest>;
    // A file this run wrote and hashed as it wrote it (file_copy.hpp). Its ctime, which no
    // program can set back, stands for its content: any later change, or the inode's reuse
    // by another file, stamps another, except within one tick of the kernel's coarse clock
    // (4 ms at HZ=250), where the size and mtime must match too. (A previous snapshot's files
    // cannot be keyed so: linking them into the new snapshot stamps their ctime.)
    using WrittenKey = std::tuple<dev_t, ino_t, std::int64_t /*size*/, std::int64_t /*mtime ns*/,
                                  std::int64_t /*ctime ns*/>;
    using Written = std::pair<WrittenKey, Sha256Digest>;
    static Key key_of(const struct stat& info);
    static WrittenKey written_key_of(const struct stat& info);

    std::optional<Sha256Digest> find(const Key& key);
    // The hash of the file `info` describes if this run wrote it (load_written).
    std::optional<Sha256Digest> find_written(const struct stat& info) const;
    void store(const Key& key, const Sha256Digest& sha256);
    // Replaces the bulk-loaded entries (a previous snapshot's); not while threads use the cache.
    void load(std::deque<Entry> entries);
    // Replaces the files written by this run; not while threads use the cache.
    void load_written(std::deque<Written> entries);

private:
    std::deque<Entry> loaded_;  // a previous snapshot's, sorted: 64 bytes a file, no node per entry
    std::deque<Written> written_;  // sorted: 72 bytes a file
    std::mutex mutex_;          // guards stored_
    std::map<Key, Sha256Digest> stored_;  // hashed during this run
};

struct SnapshotChecksums {
    ChecksumList files;
    TreeCounts counts;
    std::uint64_t bytes_read = 0;     // what had to be hashed (the rest was known)
};

// Hashes the regular files under `snapshot`/{data,config,log}, on every core. `known` may
// hold hashes of files already hashed (a previous snapshot's, by inode).
Result<SnapshotChecksums> checksum_snapshot(const std::filesystem::path& snapshot,
                                            InodeHashCache& known);
// Loads the checksum list of the published `snapshot` into `cache` by inode, so that the next
// snapshot, whose unchanged files are hard links to these, reads only what is new. The list is
// read line by line, never whole, and must hash to `list_sha256` (the manifest's
// checksums_sha256): a list altered since, or malformed, leaves `cache` empty and returns
// `failed` naming the list, so that every file is read again. Returns how many files it holds.
Result<std::size_t> remember_checksums(const std::filesystem::path& snapshot, const std::string& list_sha256,
                                       InodeHashCache& cache);

// sha256sum's line for one file: "HEX  NAME\n", with a leading backslash when NAME holds a
// backslash or a newline (escaped as sha256sum does).
void append_checksum_line(std::string& text, const FileChecksum& file);
std::string format_checksums(const ChecksumList& files);
// Writes `files` as `path` (format_checksums' text, mode 0600) through AtomicFileWriter
// without holding the text whole; returns the text's SHA-256 in hex (the manifest's
// checksums_sha256). Errors: those of AtomicFileWriter.
Result<std::string> write_checksums(const std::filesystem::path& path, const ChecksumList& files);
// Path -> lowercase hex SHA-256. Errors: `failed` naming the line that is not "HEX  NAME".
Result<std::map<std::string, std::string>> parse_checksums(const std::string& text);

std::string sha256_hex(std::string_view bytes);
// Errors: those of open/read, naming `path`; a symlink is refused (O_NOFOLLOW).
Result<Sha256Digest> sha256_of_file(const std::filesystem::path& path);

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
