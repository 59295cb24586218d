// The runner with a fake git: steps play in order with the clock's stamps, the run stops at
// the first failed step naming it, expect_failure turns a failure into a pass (and a success
// into a failure), and parallel branches all play, reported in document order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "core/gravity/runner.hpp"
#include "core/gravity/scenario_reader.hpp"
#include "support/temp_dir.hpp"

namespace girofle::gravity {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Records each call as "operation repository [detail]"; operations named in `failing` fail.
class FakeGit final : public GitWorkspace {
public:
    std::vector<std::string> calls;
    std::vector<CommitStamp> stamps;
    std::set<std::string> failing;

    Result<void> init(const Path& dir, bool, const std::string&) override { return note("init", dir); }
    Result<void> add_remote(const Path& dir, const std::string&, const std::string&) override {
        return note("add_remote", dir);
    }
    Result<void> clone(const std::string&, const Path& dir, const std::string&) override {
        return note("clone", dir);
    }
    Result<std::string> commit_all(const Path& dir, const std::string&, const CommitStamp& stamp) override {
        if (auto noted = note("commit", dir); !noted) return std::unexpected(noted.error());
        std::lock_guard lock(mutex_);
        stamps.push_back(stamp);
        return std::string(40, 'a');
    }
    Result<void> create_branch(const Path& dir, const std::string&, const std::string&) override {
        return note("branch", dir);
    }
    Result<void> checkout(const Path& dir, const std::string&) override { return note("checkout", dir); }
    Result<Integration> merge(const Path& dir, const std::string&, MergeMode, const std::string&,
                              const CommitStamp&) override {
        if (failing.contains("merge-conflict")) return Integration{{}, {"b.txt", "a.txt"}};
        if (auto noted = note("merge", dir); !noted) return std::unexpected(noted.error());
        return Integration{"m", {}};
    }
    Result<Integration> rebase(const Path& dir, const std::string&, const CommitStamp&) override {
        if (auto noted = note("rebase", dir); !noted) return std::unexpected(noted.error());
        return Integration{"r", {}};
    }
    Result<void> tag(const Path& dir, const std::string&, const std::string&, const std::string&,
                     const CommitStamp&) override {
        return note("tag", dir);
    }
    Result<void> fetch(const Path& dir, const std::string&) override { return note("fetch", dir); }
    Result<void> push(const Path& dir, const std::string&, const std::vector<std::string>&) override {
        return note("push", dir);
    }
    Result<void> set_upstream(const Path& dir, const std::string&, const std::string&) override {
        return note("set_upstream", dir);
    }
    Result<std::string> current_branch(const Path&) override { return std::string("main"); }
    Result<RefIds> refs(const Path&) override { return RefIds{}; }
    Result<std::string> resolve(const Path&, const std::string& revision) override { return revision; }
    Result<bool> is_ancestor(const Path&, const std::string&, const std::string&) override { return true; }
    Result<std::size_t> count_commits(const Path&, const std::string&) override { return 2; }
    Result<std::vector<std::string>> changed_paths(const Path&) override {
        return std::vector<std::string>{};
    }
    Result<int> client_save(const Path& dir, const CommitStamp&) override {
        if (auto noted = note("save", dir); !noted) return std::unexpected(noted.error());
        return 0;
    }
    Result<int> client_sync(const Path& dir, const CommitStamp&) override {
        if (auto noted = note("sync", dir); !noted) return std::unexpected(noted.error());
        return 3;
    }

private:
    Result<void> note(const std::string& operation, const Path& dir) {
        std::lock_guard lock(mutex_);
        calls.push_back(operation + " " + dir.filename().string());
        if (failing.contains(operation))
            return fail(ErrorKind::permission, "origin", "the server refused the push: refs/heads/main");
        return {};
    }
    std::mutex mutex_;
};

const std::string kHead = R"(version: 1
clock: {start: "2024-01-01T00:00:00Z", tick: 10}
identities: {dev: {name: Dev, email: dev@example.org}}
repositories: {origin: {bare: true}, a: {}, b: {}}
steps:
  - {id: init, kind: init, repository: origin}
  - {id: clone-a, kind: clone, repository: a, from: origin}
)";

struct Played {
    RunReport report;
    std::vector<std::string> ids() const {
        std::vector<std::string> ids;
        for (const auto& step : report.steps) ids.push_back(step.id);
        return ids;
    }
};

class RunnerTest : public ::testing::Test {
protected:
    Played play(const std::string& steps) {
        auto scenario = read_scenario_text(kHead + steps, "flow.yaml");
        EXPECT_TRUE(scenario) << scenario.error().message();
        auto report = run_scenario(*scenario, git, temp / "work", {});
        EXPECT_TRUE(report) << report.error().message();
        return {*report};
    }
    testing::TempDir temp{"girofle-gravity-unit"};
    FakeGit git;
};

TEST_F(RunnerTest, CommitsAreStampedByTheScenarioClockAndIdentity) {
    auto played = play("  - {id: c, kind: commit, repository: a, message: m, identity: dev}\n");
    EXPECT_TRUE(played.report.passed());
    ASSERT_EQ(git.stamps.size(), 1u);
    EXPECT_EQ(git.stamps[0].time, 1704067200 + 2 * 10);  // the third step
    EXPECT_EQ(git.stamps[0].name, "Dev");
    EXPECT_EQ(git.stamps[0].email, "dev@example.org");
}

TEST_F(RunnerTest, StopsAtTheFirstFailedStepNamingIt) {
    git.failing = {"push"};
    auto played = play(R"(  - {id: push-a, kind: push, repository: a}
  - {id: after, kind: fetch, repository: a}
)");
    ASSERT_FALSE(played.report.passed());
    EXPECT_EQ(played.report.exit_status(), 1);
    EXPECT_EQ(played.report.failure->message(),
              "step push-a: origin: the server refused the push: refs/heads/main");
    EXPECT_THAT(played.ids(), ElementsAre("init", "clone-a", "push-a"));
    EXPECT_THAT(git.calls, ElementsAre("init origin", "clone a", "push a"));
}

TEST_F(RunnerTest, AnExpectedFailurePassesAndItsStatusCanBeChecked) {
    git.failing = {"push"};
    auto played = play(R"(  - {id: push-a, kind: push, repository: a, expect_failure: true}
  - {id: status, kind: expect, check: exit_status, step: push-a, status: 1}
  - {id: wrong, kind: expect, check: exit_status, step: push-a, status: 0}
)");
    ASSERT_FALSE(played.report.passed());
    EXPECT_THAT(played.ids(), ElementsAre("init", "clone-a", "push-a", "status", "wrong"));
    EXPECT_EQ(played.report.failure->message(),
              "step wrong: expectation exit_status: step push-a ended with status 1, expected 0");
}

TEST_F(RunnerTest, AStepExpectedToFailThatSucceedsFails) {
    auto played = play("  - {id: push-a, kind: push, repository: a, expect_failure: true}\n");
    ASSERT_FALSE(played.report.passed());
    EXPECT_THAT(played.report.failure->message(), HasSubstr("step push-a: succeeded, but was expected to fail"));
}

TEST_F(RunnerTest, AConflictedMergeListsItsPaths) {
    git.failing = {"merge-conflict"};
    auto played = play(R"(  - {id: m, kind: merge, repository: a, branch: x, identity: dev, expect_failure: true}
  - {id: listed, kind: expect, check: conflict_listed, step: m, path: a.txt}
  - {id: not-listed, kind: expect, check: conflict_listed, step: m, path: c.txt}
)");
    EXPECT_THAT(played.ids(), ElementsAre("init", "clone-a", "m", "listed", "not-listed"));
    EXPECT_EQ(played.report.failure->message(),
              "step not-listed: expectation conflict_listed: step m listed no conflict in c.txt");
}

TEST_F(RunnerTest, ParallelBranchesAllPlayAndAreReportedInDocumentOrder) {
    auto played = play(R"(  - id: both
    parallel:
      one:
        - {id: w1, kind: write, repository: a, path: f, content: x}
        - {id: c1, kind: commit, repository: a, message: one, identity: dev}
      two:
        - {id: clone-b, kind: clone, repository: b, from: origin}
        - {id: sync-b, kind: sync, repository: b, identity: dev}
  - {id: diverged, kind: expect, check: exit_status, step: sync-b, status: 3}
)");
    EXPECT_TRUE(played.report.passed()) << played.report.failure->message();
    EXPECT_THAT(played.ids(), ElementsAre("init", "clone-a", "w1", "c1", "clone-b", "sync-b", "diverged"));
}

TEST_F(RunnerTest, RefusesAWorkDirectoryThatHoldsAnything) {
    testing::write_file(temp / "work" / "left-over", "x");
    auto scenario = read_scenario_text(kHead, "flow.yaml");
    ASSERT_TRUE(scenario);
    auto report = run_scenario(*scenario, git, temp / "work", {});
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().exit_status(), 2);
    EXPECT_TRUE(git.calls.empty());
}

}  // namespace
}  // namespace girofle::gravity
