// What an operation did to an instance that the instance must not be left with (GitLab
// stopped, its container removed, its volumes set aside), written down before it does it.
// A run killed with SIGKILL cannot undo anything itself; the next operation on the instance
// (or `doctor --fix`) reads the journal and puts the instance back as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/services.hpp"

namespace girofle {

struct OperationJournal {
    std::string operation;              // "backup --strategy stop", "restore", "decommission"
    long pid = 0;                       // the process that wrote it, for the message
    std::string started_at;             // RFC 3339, UTC
    bool stopped = false;               // GitLab was (or is about to be) stopped by Girofle
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
// GitLab it stopped (started again and waited for); resumes a container left paused by a
// killed freeze; removes a killed drill's container and scratch copy. Says what it did as a
// warning. An instance stopped by its operator (no journal) stays stopped. Errors: what stopped the repair (the journal is then kept).
Result<void> recover_interrupted_operation(Services& services, const InstanceRecord& record);

}  // namespace girofle
