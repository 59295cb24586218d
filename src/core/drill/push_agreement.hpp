// Whether GitLab's database and its repositories tell the same story: every branch and tag
// is where the recorded pushes put it (DESIGN §12). A snapshot torn between the database and
// the repositories shows up here.
#pragma once

#include <string>
#include <vector>

#include "core/drill/expected_contents.hpp"

namespace girofle {

// One row of push_event_payloads, in insertion order. `state` follows the row through git's
// ref transaction (githooks(5), reference-transaction): "prepared" is written before git
// updates the ref, then "committed" or "aborted".
struct PushEvent {
    std::string repository;  // path under git-data/repositories
    std::string ref;         // refs/heads/... or refs/tags/...
    std::string commit_to;   // the ref's new object id; all zeros for a deletion
    std::string state;
};

// "1" when push_event_payloads has the columns below (the stand-in's table, tests/standin);
// GitLab's own keeps pushes per project (events joined to it, hashed repository paths).
inline constexpr const char* kPushEventsReadableSql =
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'push_event_payloads' "
    "AND column_name = 'repository'";
// The query giving those rows, tab-separated (gitlab-psql -At -F TAB).
inline constexpr const char* kPushEventsSql =
    "SELECT repository, ref, commit_to, state FROM push_event_payloads ORDER BY id";
// gitlab-psql's -At output with tab separators -> rows; lines without four fields are skipped.
std::vector<PushEvent> parse_push_events(const std::string& output);

enum class DatabaseTiming {
    // Database and repositories copied at one instant (freeze, stop): a ref must be where its
    // last committed push put it, or where a push still prepared at that instant puts it.
    same_instant,
    // GitLab's archive, whose database may be dumped after its repositories: a ref must be
    // where some recorded push put it; the database may know later pushes.
    database_after_repositories,
};

// Each disagreement as a sentence naming the repository and the ref; empty when they agree.
// Only refs/heads and refs/tags are compared (GitLab keeps internal refs no push records).
std::vector<std::string> push_event_disagreements(const std::vector<PushEvent>& events, const RepositoryRefs& refs,
                                                  DatabaseTiming timing);

}  // namespace girofle
