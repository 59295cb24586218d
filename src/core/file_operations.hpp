// The file operations whose failure an operation must survive (restore's renames and its
// verified copy), behind an interface so that unit tests can make each of them fail.
#pragma once

#include <filesystem>

#include "core/backup/verified_copy.hpp"
#include "core/error.hpp"

namespace girofle {

class FileOperations {
public:
    virtual ~FileOperations() = default;
    // rename(2): atomic, within one filesystem; `to` must not exist unless it is an empty
    // directory. Errors: the kind from errno (no_space, permission, not_found, failed),
    // the object `from`, the cause naming `to` and errno's text.
    virtual Result<void> rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
    // core/backup/verified_copy.hpp's verified_copy: hashes while copying, leaves no
    // destination on failure.
    virtual Result<VerifiedCopyStats> verified_copy(const VerifiedCopyRequest& request) = 0;
};

// This machine's filesystems, through the system calls (no state: one instance serves all).
FileOperations& local_file_operations();

}  // namespace girofle
