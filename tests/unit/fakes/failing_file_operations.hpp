// The machine's file operations, failing on demand as a full disk or a refusing filesystem
// would, each failure honouring the contract (a failed copy leaves no destination).
#pragma once

#include "core/file_operations.hpp"

namespace girofle::testing {

class FailingFileOperations final : public FileOperations {
public:
    // The copy writes everything, then fails with ENOSPC's error and removes what it wrote.
    bool copy_fills_disk = false;
    // The Nth rename since construction (1: the first) fails with EIO, both paths left as they were.
    int failing_rename = 0;
    int renames = 0;  // renames attempted since construction

    Result<void> rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
        if (++renames == failing_rename)
            return fail(ErrorKind::failed, from.string(), "cannot rename to " + to.string() + ": Input/output error (injected)");
        return local_file_operations().rename(from, to);
    }
    Result<VerifiedCopyStats> verified_copy(const VerifiedCopyRequest& request) override {
        auto copied = local_file_operations().verified_copy(request);
        if (!copy_fills_disk || !copied) return copied;
        std::error_code ignored;
        std::filesystem::remove_all(request.destination, ignored);
        return fail(ErrorKind::no_space, request.destination.string(), "cannot write: No space left on device (injected)");
    }
};

}  // namespace girofle::testing
