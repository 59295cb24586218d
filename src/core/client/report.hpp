// What save and sync did, for people (text on stdout) and for programs (--json).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/client/divergence_plan.hpp"
#include "core/client/git_repository.hpp"
#include "core/client/sync_decision.hpp"

namespace girofle::client {

// The exit status of a sync that found both sides ahead: the folder was re-cloned and the
// differing files wait for the user. Distinct from 1 (failure) and 2 (bad input).
inline constexpr int kDivergedExitStatus = 3;

struct SaveReport {
    std::filesystem::path work_tree;
    std::string branch;
    std::string commit;  // empty: there was nothing to save
    ChangeCounts changes;
    std::vector<std::string> nested_repositories;  // left alone, as StagedChanges says
};

struct DivergenceReport {
    std::filesystem::path backup;  // the folder as it was, local commits included
    DivergencePlan plan;
    std::string pushed_commit;     // the commit that brought missing files to the remote; or empty
    // Ignored files and nested repositories the remote has something else in the way of
    // (a file where they need a directory): only in the backup.
    std::vector<std::string> left_in_backup;
};

struct SyncReport {
    SaveReport saved;
    std::string upstream;  // "origin/main"
    bool upstream_set = false;  // this sync made it the branch's upstream (a first sync)
    Tips tips;             // as fetched, before acting
    SyncAction action = SyncAction::nothing;
    std::optional<DivergenceReport> divergence;

    int exit_status() const { return action == SyncAction::diverged ? kDivergedExitStatus : 0; }
};

nlohmann::json to_json(const SaveReport& report);
nlohmann::json to_json(const SyncReport& report);
std::string to_text(const SaveReport& report);
std::string to_text(const SyncReport& report);

}  // namespace girofle::client
