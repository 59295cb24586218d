// `girofle drill`: proves a snapshot restorable by restoring it where it cannot hurt and
// checking what came back (DESIGN §12).
#pragma once

#include <optional>
#include <string>

#include "core/drill/drill_report.hpp"
#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct DrillOptions {
    std::string instance;                  // number, name or container name
    std::optional<std::string> backup_id;  // default: the newest usable snapshot
};

struct DrillOutcome {
    InstanceRecord record;
    DrillReport report;  // also in the snapshot's drill.json
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
Result<DrillOutcome> drill(Services& services, const DrillOptions& options);

// Removes what a drill killed with SIGKILL left of this instance: its throwaway container
// and its scratch copies. Says what it removed as a warning. Call with the instance's lock.
void remove_drill_leftovers(Services& services, const InstanceRecord& record);

}  // namespace girofle
