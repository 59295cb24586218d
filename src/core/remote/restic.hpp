// restic as a child process: every command is an argv vector; the repository location and
// the password travel through the child's environment and stdin, never its arguments.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/backup/retention.hpp"
#include "core/process.hpp"
#include "core/remote/password.hpp"

namespace girofle {

struct ResticRepository {
    std::string location;
    std::vector<std::string> options;  // -o KEY=VALUE
    PasswordSource password;

    std::string object() const;  // "remote LOCATION" (redacted), the object of messages
};

// The request for `restic ARGUMENTS` against the repository.
ProcessRequest restic_request(const ResticRepository& repository, const std::vector<std::string>& arguments,
                              std::chrono::milliseconds timeout);

// Argument lists, one per restic command Girofle uses.
namespace restic_args {
// restic unlock: removes the locks restic judges stale (their process is gone from this
// host, or they are older than 30 minutes, restic's own rule); all of them with `remove_all`.
std::vector<std::string> unlock(bool remove_all);
std::vector<std::string> init();
std::vector<std::string> probe();  // succeeds only on an initialised repository we can open
// restic backup of "." (the working directory, which PushSource makes the snapshot being
// pushed), its status and summary as JSON lines, unchanged files skipped by inode, mtime and
// size whatever their ctime (see the definition for why).
std::vector<std::string> backup(const std::vector<std::string>& tags);
std::vector<std::string> snapshots(const std::vector<std::string>& tags_all_of);
std::vector<std::string> restore(const std::string& snapshot, const std::string& target);
std::vector<std::string> forget(const std::vector<std::string>& tags_all_of, const RetentionPolicy& keep);
// subset empty: structure only; "all": every pack read back; else restic's --read-data-subset.
std::vector<std::string> check(const std::string& subset);
}  // namespace restic_args

// A --read-data-subset value in one of the forms `restic check` accepts (its --help): "N/M"
// (1 <= N <= M), "P%" or "P.Q%" (0 < P <= 100), or a size in bytes with an optional suffix
// k/K, m/M, g/G, t/T ("500M"). Usage error naming the value otherwise, before restic runs (restic
// would fail with exit status 1, which reads as a damaged repository).
Result<void> validate_read_data_subset(const std::string& subset);

// A failed restic run said in words: wrong password (permission), no repository there
// (not_found), remote unreachable (unavailable), else failed with the end of its stderr.
Error restic_failure(const ProcessResult& result, const std::string& object);

// The repository is not initialised (as opposed to unreadable or unreachable).
bool says_no_repository(const ProcessResult& result);

}  // namespace girofle
