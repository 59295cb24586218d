// `girofle drill`: proves a snapshot restorable by restoring it where it cannot hurt and
// checking what came back (DESIGN §12).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/backup/manifest.hpp"
#include "core/drill/drill_report.hpp"
#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

// Scratch directories of drills live under the instance's directory with this prefix, so
// that what a killed drill left is found by name.
inline constexpr const char* kDrillScratchPrefix = "drill-";

struct DrillOptions {
    std::string instance;                  // number, name or container name
    std::optional<std::string> backup_id;  // default: the newest usable snapshot
    // Drill a snapshot of the instance held on a restic remote instead of a local one: the
    // repository's location, or empty for the instance's configured one. backup_id is then
    // Girofle's snapshot ID or restic's (default: the instance's newest remote snapshot).
    std::optional<std::string> from_remote;
};

struct DrillOutcome {
    InstanceRecord record;
    DrillReport report;     // also in the snapshot's drill.json, or in remote-drills.json
    std::string remote;     // a remote drill's repository (passwords redacted); empty: local
    std::string restic_id;  // a remote drill's restic snapshot (short ID)
};

// With the instance's lock held: copies the snapshot (a copy, never hard links into it) to a
// scratch directory under the instance's directory, starts a container of the image the
// manifest recorded on it with no network and no published ports, waits until it is ready,
// and checks from inside: the snapshot's checksums, the database up (crash recovery done)
// with at least the push events recorded at freeze time, every repository `git fsck` clean
// with exactly the recorded branches and tags, the push events agreeing with the refs, the
// secrets file present and `gitlab-rake gitlab:doctor:secrets` decrypting every value. The
// container and the scratch copy are removed whatever happened; the report is written to the
// snapshot's drill.json and the operations log. Returns the report whether or not the checks
// passed (report.passed()). Errors: the instance or snapshot not found (usage), busy, a
// container that cannot be created or started, a drill that cannot write its report.
// With from_remote, the snapshot is fetched from the remote (see remote_drill.hpp) and the
// report goes to the instance's bckups/remote-drills.json and the log as
// "drill --from-remote"; the instance's own snapshots are not touched.
Result<DrillOutcome> drill(Services& services, const DrillOptions& options);

// The part of a drill after the snapshot is on disk: starts the throwaway container on
// `scratch` (a private copy of the snapshot under the instance's directory; the caller
// removes it) and appends every check from "secrets file" on to `report`. The container is
// removed whatever happens. Errors: a container that cannot be created or started (failed
// checks are no error).
Result<void> drill_scratch_copy(Services& services, const InstanceRecord& record, const SnapshotManifest& manifest,
                                const std::filesystem::path& scratch, DrillReport& report);

// Removes what a drill killed with SIGKILL left of this instance: its throwaway container
// and its scratch copies. Says what it removed as a warning. Call with the instance's lock.
void remove_drill_leftovers(Services& services, const InstanceRecord& record);

}  // namespace girofle
