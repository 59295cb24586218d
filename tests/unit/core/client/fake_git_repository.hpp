// A GitRepository in memory, for unit tests of the client's decisions: it answers from its
// public fields and logs every call that would change something.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/client/git_repository.hpp"
#include "support/temp_dir.hpp"

namespace girofle::client {

class FakeGitRepository final : public GitRepository {
public:
    FolderStatus folder;
    ChangeCounts changes;                          // what stage_all finds
    std::vector<std::string> nested;               // and leaves alone
    Tips current_tips;
    std::map<std::string, FileVersions> commits;   // files of each commit id
    std::vector<std::string> ignored;
    std::optional<Error> fetch_error, push_error;
    // What clone_upstream writes into the new folder, and the clone's own behaviour.
    std::map<std::string, std::string> clone_files;
    std::string clone_tip;
    std::optional<Error> clone_push_error;
    // Shared with clones: "stage_all", "commit: MESSAGE", "fetch", "push", "fast_forward ID",
    // "set_upstream REMOTE/BRANCH", "clone", each clone's calls prefixed with "clone ".
    std::shared_ptr<std::vector<std::string>> calls = std::make_shared<std::vector<std::string>>();
    std::string prefix;

    Result<FolderStatus> status() override { return folder; }
    Result<StagedChanges> stage_all() override {
        log("stage_all");
        return StagedChanges{changes, nested};
    }
    Result<std::string> commit_staged(const std::string& message) override {
        log("commit: " + message);
        return std::string(prefix + "new-commit");
    }
    Result<void> fetch(const Upstream&) override {
        log("fetch");
        if (fetch_error) return std::unexpected(*fetch_error);
        return {};
    }
    Result<Tips> tips(const Upstream&) override { return current_tips; }
    Result<void> push(const Upstream&) override {
        log("push");
        if (push_error) return std::unexpected(*push_error);
        return {};
    }
    Result<void> set_upstream(const Upstream& upstream) override {
        log("set_upstream " + upstream.short_name());
        return {};
    }
    Result<void> fast_forward(const std::string& commit) override {
        log("fast_forward " + commit);
        return {};
    }
    Result<FileVersions> files_at(const std::string& commit) override {
        if (commit.empty()) return FileVersions{};
        return commits.at(commit);
    }
    Result<std::vector<std::string>> ignored_entries() override { return ignored; }
    Result<std::unique_ptr<GitRepository>> clone_upstream(
        const Upstream& upstream, const std::filesystem::path& into) override {
        log("clone");
        std::filesystem::create_directories(into);
        for (const auto& [path, content] : clone_files) testing::write_file(into / path, content);
        auto clone = std::make_unique<FakeGitRepository>();
        clone->folder = {.work_tree = into, .branch = folder.branch, .upstream = upstream};
        clone->current_tips = {.local = clone_tip, .remote = clone_tip};
        clone->changes = {.added = 1};
        clone->push_error = clone_push_error;
        clone->calls = calls;
        clone->prefix = "clone ";
        return clone;
    }

private:
    void log(const std::string& call) { calls->push_back(prefix + call); }
};

}  // namespace girofle::client
