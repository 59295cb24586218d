// `girofle drill INSTANCE --from-remote [LOCATION]`: the drill of a snapshot held on a restic
// remote, which may exist nowhere else once the VM is lost. It answers "can the offsite copy
// be restored?" with the same throwaway container and checks as a local drill (DESIGN §12).
#pragma once

#include "core/operations/drill.hpp"
#include "core/remote/remote_operations.hpp"

namespace girofle {

// The instance's snapshot on the remote: Girofle's or restic's ID `backup_id`, else the
// newest. Only snapshots tagged with the instance's number (and its name, when both have
// one) count. Usage errors: the remote holds none of the instance's snapshots, or not that
// one; restic's errors listing it (a wrong password: permission).
Result<RemoteSnapshot> choose_remote_snapshot(Services& services, const ResticRepository& repository,
                                              const InstanceRecord& record, const std::optional<std::string>& backup_id);

// Call with the instance's lock held and interrupted operations recovered. Opens the remote
// (options.from_remote, else the instance's configured repository), chooses the snapshot,
// fetches it with restore --from-remote's fetch into ROOT/noeud-gitlab-N/drill-remote-ID
// (removed whatever happens; a killed run's is removed by remove_drill_leftovers) and
// verifies its checksums, then runs the drill's container and checks on that fetched copy
// itself (it is already a private copy: a second one would double the disk and the time).
// A fetch that fails (restic cannot read the snapshot back, a file differs from its
// checksum) is a failed drill: the report says so. The report goes to bckups/remote-drills.json
// and the operations log ("drill --from-remote"). Errors: those of choose_remote_snapshot,
// open_remote's usage errors, an unreachable or busy remote, Docker's.
Result<DrillOutcome> drill_from_remote_locked(Services& services, const InstanceRecord& record,
                                              const DrillOptions& options);

}  // namespace girofle
