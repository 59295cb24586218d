// What an operation did to an instance that the instance must not be left with (GitLab
// stopped, its container removed, its volumes set aside), written down before it does it.
// A run killed with SIGKILL cannot undo anything itself; the next operation on the instance
// (or `doctor --fix`) reads the journal and puts the instance back as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/services.hpp"

namespace girofle {

struct OperationJournal {
    std::string operation;              // "backup --strategy stop", "restore", "decommission"
    long pid = 0;                       // the process that wrote it, for the message
    std::string started_at;             // RFC 3339, UTC
    bool stopped = false;               // GitLab was (or is about to be) stopped by Girofle
    bool paused = false;  // GitLab is (or is about to be) paused or frozen by a freeze backup
    bool container_removed = false;     // its container was removed; recreate it from the record
    std::filesystem::path set_aside;    // the volumes moved here; move them back
    std::filesystem::path incoming;     // a half-copied replacement; remove it
};

// ROOT/noeud-gitlab-N/operation-in-progress.json
std::filesystem::path journal_path(const RootLayout& layout, std::uint64_t number);

// Written atomically (0600) before each state-changing step. Errors: the file's.
Result<void> write_journal(const Services& services, std::uint64_t number, const OperationJournal& journal);
// The operation ended, well or undone by itself.
void clear_journal(const Services& services, std::uint64_t number);

// Called with the instance's operation lock held, so the journal's writer is gone. Puts back
// what an interrupted operation left: the volumes it set aside, the container it removed, the
// GitLab it stopped (started again and waited for), the GitLab a killed freeze backup left
// paused or frozen (resumed); removes a killed drill's container and scratch copy. Says what it
// did as a warning. An instance its operator stopped or paused (no journal) stays so. Errors:
// what stopped the repair (the journal is then kept).
Result<void> recover_interrupted_operation(Services& services, const InstanceRecord& record);

// A GitLab held still by someone else than Girofle: its operator's `docker pause`, or a freeze
// of its cgroup that no journal says a Girofle operation made.
struct HeldStill {
    std::string how;      // "GitLab is paused (docker pause), not by Girofle"
    std::string release;  // the shell command that lets it run: "docker unpause NAME"
};
// None when `container` runs, or when a killed freeze backup's journal claims the pause (the
// next operation resumes it). For doctor, for backup (a cold copy, GitLab left paused), and for
// restore and decommission, which refuse rather than undo it.
std::optional<HeldStill> held_still_by_someone_else(Services& services,
                                                    const InstanceRecord& record,
                                                    const ContainerInfo& container);
// Refuses (conflict) an operation on an instance whose GitLab is held still by someone else,
// with what lets it run again. Errors: that one; none when the container is missing.
Result<void> refuse_if_held_still_by_someone_else(Services& services, const InstanceRecord& record);

}  // namespace girofle
