// Operator commands run around backups and restores ("hooks" in girofle.json): each event a
// list of argv vectors run in order, never through a shell, each bounded by hooks.timeout_seconds.
// Every hook sees in its environment:
//   GIROFLE_EVENT               pre_backup, post_backup, pre_restore or post_restore
//   GIROFLE_ROOT                the root directory
//   GIROFLE_INSTANCE_NUMBER     3
//   GIROFLE_INSTANCE_NAME       wiki (empty for an unnamed instance)
//   GIROFLE_CONTAINER           noeud-gitlab-3-wiki
//   GIROFLE_INSTANCE_DIRECTORY  ROOT/noeud-gitlab-3
//   GIROFLE_SNAPSHOT            the snapshot id: the new one after a backup, the restored one
//                               after a restore, the requested one (empty: the newest) before
//   GIROFLE_OUTCOME             post hooks only: ok, or failed when the operation failed
// and none of Girofle's secrets (restic's password variables are removed). Post hooks describe
// the instance the operation left (after restore --as, the new instance). Before a
// restore --from-remote --as, whose number is reserved only later, GIROFLE_INSTANCE_NUMBER,
// GIROFLE_CONTAINER and GIROFLE_INSTANCE_DIRECTORY are empty.
#pragma once

#include <concepts>
#include <nlohmann/json.hpp>
#include <string>

#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

enum class HookEvent { pre_backup, post_backup, pre_restore, post_restore };
const char* to_string(HookEvent event);

// The event's commands, in order, about `record` (number 0: an instance whose number is not
// reserved yet), stopping at the first that fails (exit status not 0, killed,
// timed out, or not startable). The error names the instance, the event, the command and why.
// `outcome` ("ok" or "failed", post events only) becomes GIROFLE_OUTCOME.
Result<void> run_hooks(Services& services, HookEvent event, const InstanceRecord& record,
                       const std::string& snapshot, const std::string& outcome = "");

// Records `error` as a failed `operation` of `record` in the operations log (with `extra`
// fields), and gives it back marked `recorded` (the command's own failure record would repeat
// it): the instance is then known to the log, the metrics and the notifications. A busy refusal
// (another operation holds the lock) is recorded with outcome "refused": it is no failure of the
// operation, so neither counted nor announced as one. Bad usage (exit status 2, nothing
// changed) is not recorded at all, and comes back unmarked.
Error record_failure(Services& services, const std::string& operation, const InstanceRecord& record,
                     const Error& error, const nlohmann::json& extra = nlohmann::json::object());

// Runs `operation` (backup or restore) between its pre and post hooks, like a bracket: a
// failing pre hook stops before the operation starts (post hooks do not run); once the pre
// hooks succeeded the post hooks always run, with GIROFLE_OUTCOME ok or failed, so that what a
// pre hook switched on is switched off again. A failing post hook after a good operation is
// recorded and returned as the error, and the operation's work stays done. `snapshot_of`
// gives the snapshot id of the operation's outcome. Failures are recorded with the instance.
// The instance the post hooks describe: the one in the operation's outcome when it has one.
template <typename Outcome>
const InstanceRecord& record_after(const Outcome& done, const InstanceRecord& before) {
    if constexpr (requires { { done.record } -> std::convertible_to<const InstanceRecord&>; }) return done.record;
    else return before;
}

template <typename Operation, typename SnapshotOf>
auto with_hooks(Services& services, const std::string& operation_name, HookEvent pre, HookEvent post,
                const InstanceRecord& record, const std::string& requested_snapshot, Operation&& operation,
                SnapshotOf&& snapshot_of) -> decltype(operation()) {
    if (auto ready = run_hooks(services, pre, record, requested_snapshot); !ready)
        return std::unexpected(record_failure(services, operation_name, record, ready.error(), {{"hook", to_string(pre)}}));
    auto done = operation();
    if (!done) done = std::unexpected(record_failure(services, operation_name, record, done.error()));
    const std::string snapshot = done ? snapshot_of(*done) : requested_snapshot;
    auto after = run_hooks(services, post, done ? record_after(*done, record) : record, snapshot, done ? "ok" : "failed");
    if (!after) {
        Error hook_error = after.error();
        if (done) hook_error.cause += " (the " + operation_name + " of " + snapshot + " itself succeeded and is kept)";
        record_failure(services, "hook", done ? record_after(*done, record) : record, hook_error,
                       {{"hook", to_string(post)}});
        if (done) return std::unexpected(hook_error);
        services.reporter.warn(hook_error.message());
    }
    return done;
}

}  // namespace girofle
