// The operations on a restic remote: open it, push snapshots, list, prune and check it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/instance.hpp"
#include "core/remote/password.hpp"
#include "core/remote/restic.hpp"
#include "core/remote/tags.hpp"
#include "core/services.hpp"

namespace girofle {

// The repository at `location`, else the instance's own (when `record` is given), else the
// root's; with its password source checked. Usage errors: none configured, a bad location,
// no usable password. Nothing is contacted yet.
Result<ResticRepository> open_remote(const Services& services, const std::string& location,
                                     const InstanceRecord* record,
                                     const EnvironmentLookup& environment = process_environment);

// Runs restic; a non-zero exit becomes restic_failure's error.
Result<ProcessResult> run_restic(Services& services, const ResticRepository& repository,
                                 const std::vector<std::string>& arguments);

struct PushOutcome {
    std::vector<std::string> pushed;  // Girofle snapshot IDs, oldest first
    // Asked for, but a push of each to this repository is in the operations log and the
    // repository still lists it: not pushed twice (a duplicate would take a retention slot).
    std::vector<std::string> already_on_remote;
    std::uint64_t bytes_added = 0;    // what restic added to the repository
    // restic's counts over the pushed snapshots: files it read (new, changed) and files it
    // skipped by their metadata, unchanged since the previous push (unmodified).
    std::uint64_t files_new = 0;
    std::uint64_t files_changed = 0;
    std::uint64_t files_unmodified = 0;
};

// Pushes `new_id` and every snapshot an earlier run left pending, oldest first, under the
// instance's lock, each from the instance's stable path (core/remote/push_source.hpp) so that
// restic reads only the files that changed since the previous push; skips those already on
// the remote (PushOutcome::already_on_remote); initialises the repository on first use. On failure the snapshots stay
// on disk untouched and stay pending (ROOT/noeud-gitlab-N/remote-pending.json) for the next
// run; the error says so.
Result<PushOutcome> push_to_remote(Services& services, const ResticRepository& repository,
                                   const InstanceRecord& record, const std::string& new_id);

// Girofle's snapshots in the repository, oldest first; only the instance's when given.
Result<std::vector<RemoteSnapshot>> list_remote(Services& services, const ResticRepository& repository,
                                                const std::optional<std::string>& instance);

struct PruneOutcome {
    std::uint64_t instance = 0;
    std::size_t kept = 0;
    std::size_t removed = 0;
};
// restic forget --prune per instance with the root's remote.keep policy.
Result<std::vector<PruneOutcome>> prune_remote(Services& services, const ResticRepository& repository);

// Before push, prune and check: `restic unlock` clears the locks of restic processes that are
// gone (a push killed with its Girofle), so a dead push never makes the repository look busy
// or damaged. Its own failure is only logged.
void remove_stale_locks(Services& services, const ResticRepository& repository);

// remote unlock: stale locks only, or every lock with `remove_all` (only when no restic of any
// host uses the repository). Errors: restic's, as restic_failure classifies them.
Result<void> unlock_remote(Services& services, const ResticRepository& repository, bool remove_all);

// restic check; `subset`: empty (structure), "all" (read every pack back) or restic's
// --read-data-subset value (e.g. 10%). A damaged repository is a failure naming it; a locked
// one is busy, never damaged.
Result<void> check_remote(Services& services, const ResticRepository& repository, const std::string& subset);

}  // namespace girofle
