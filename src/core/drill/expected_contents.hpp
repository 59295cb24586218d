// What a restore of a snapshot must give back (DESIGN §12), recorded by the backup into the
// manifest and checked by `girofle drill`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/docker.hpp"
#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

// Ref name ("refs/heads/main") -> object id (hex).
using RefMap = std::map<std::string, std::string>;
// Repository path under git-data/repositories ("group/project.git") -> its branches and tags.
using RepositoryRefs = std::map<std::string, RefMap>;

// Where GitLab keeps its repositories, under the data volume (/var/opt/gitlab).
inline constexpr const char* kRepositoriesUnderData = "git-data/repositories";

struct ExpectedContents {
    // Read from the snapshot's own files, i.e. the frozen (or stopped) data. Empty and not
    // recorded for app snapshots, whose repositories are inside GitLab's archive.
    RepositoryRefs repositories;
    bool refs_recorded = false;
    // Rows of GitLab's push_event_payloads counted just before GitLab was paused or stopped:
    // a paused database cannot be asked, and rows are only ever added, so the snapshot holds
    // at least this many. Empty when the database did not answer (the backup goes on).
    std::optional<std::uint64_t> push_events_at_least;
};

nlohmann::json to_json(const ExpectedContents& expected);
// Errors: failed, naming the malformed field.
Result<ExpectedContents> expected_contents_from_json(const nlohmann::json& json);

// Branches and tags of every bare repository (a directory named *.git holding HEAD) under
// `repositories`, read with `git for-each-ref` (the repository files belong to GitLab's git
// user: safe.directory is lifted for these read-only calls). A missing directory is no
// repositories. Errors: failed, naming the repository git could not read.
Result<RepositoryRefs> read_repository_refs(ProcessRunner& processes, const std::filesystem::path& repositories);

// `git for-each-ref --format='%(objectname) %(refname)'` output -> refs; other lines ignored.
RefMap parse_for_each_ref(const std::string& output);

// The query both the backup and the drill run through `gitlab-psql` (the image's own wrapper).
inline constexpr const char* kCountPushEventsSql = "SELECT count(*) FROM push_event_payloads";

// The count of push events in the running container's database, or empty when the database
// does not answer within `timeout` (never an error: the backup records what it can).
std::optional<std::uint64_t> count_push_events(Docker& docker, const std::string& container,
                                               std::chrono::seconds timeout);

}  // namespace girofle
