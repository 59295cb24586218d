// Small file operations with errors that name the file and say why.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace girofle {

Result<std::string> read_text_file(const std::filesystem::path& path);
// An exclusively created temporary file beside `path` (mode set before the first byte),
// fsync, rename, fsync of the directory: readers see the old or the new content, never a
// part, even after a crash. Errors: no_space, permission, not_found, failed, naming `path`.
Result<void> write_file_atomically(const std::filesystem::path& path, const std::string& content,
                                   mode_t mode);

// write_file_atomically for content produced piece by piece, never held whole (a checksum
// list of 400,000 files is 50 MiB of text). `open` creates the hidden temporary file;
// `append` writes to it; `commit` fsyncs it, renames it over `path` and fsyncs the directory.
// Destroyed uncommitted, it removes the temporary file: `path` is then as it was. Errors as
// write_file_atomically's, naming `path`.
class AtomicFileWriter {
public:
    static Result<AtomicFileWriter> open(const std::filesystem::path& path, mode_t mode);
    Result<void> append(std::string_view bytes);
    Result<void> commit();

    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
    ~AtomicFileWriter();

private:
    AtomicFileWriter(std::filesystem::path path, std::string temporary, int fd);
    Error failure(const char* doing, int error_number) const;
    std::filesystem::path path_;
    std::string temporary_;  // empty once committed or moved from
    int fd_ = -1;
};
// Flushes the filesystem holding `path` (syncfs), so that a rename that follows publishes
// data that is really on disk.
Result<void> sync_filesystem(const std::filesystem::path& path);
Result<void> sync_directory(const std::filesystem::path& directory);
// Creates `directory` and its missing parents with exactly `mode` (umask aside): a new
// Girofle root is closed to other users from its first directory, since it will hold
// GitLab's secrets.
Result<void> create_private_directories(const std::filesystem::path& directory, mode_t mode = 0750);
struct DiskSpace {
    std::uint64_t available_bytes = 0;
    std::uint64_t available_inodes = 0;
    std::uint64_t total_bytes = 0;
    bool inodes_limited = true;  // false where the filesystem has no inode table to fill (btrfs reports 0 inodes)
};
Result<DiskSpace> free_space(const std::filesystem::path& path);

// std::filesystem's queries without their exceptions: a path that cannot be examined
// (permission, I/O error) reads as absent, and the operation that needs it then fails
// with its own message.
bool exists_quietly(const std::filesystem::path& path);
bool is_directory_quietly(const std::filesystem::path& path);

// A std::filesystem error as one of ours: the kind from its errno, the object its first path.
Error filesystem_error(const std::filesystem::filesystem_error& error);

// ENOSPC and EDQUOT are "no space"; the rest is a plain failure.
ErrorKind kind_of_errno(int error_number);

}  // namespace girofle
