// `girofle gravity run` and `replay` end to end: the real binary, libgit2, bare remotes on
// the file system and a real git server on 127.0.0.1. What a user relies on: every example
// scenario passes, a false expectation stops the run at that step, the same scenario gives the
// same commit ids every time, and the BPMN file replays to those same ids.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/commands.hpp"
#include "support/git_cli.hpp"
#include "support/git_daemon_server.hpp"
#include "support/required_programs.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kScenarios = fs::path(GIROFLE_SOURCE_DIR) / "docs" / "scenarios";

CommandResult gravity(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv{GIROFLE_BINARY, "gravity"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, env);
}

class GravityRun : public ::testing::TestWithParam<std::string> {
protected:
    TempDir temp{"girofle-gravity-test"};
};

// Each example: passes, twice with the same ids, and its BPMN replays to the same ids.
TEST_P(GravityRun, ExampleScenarioPassesTwiceAndReplaysToTheSameRefIds) {
    const fs::path scenario = kScenarios / (GetParam() + ".yaml");
    const fs::path bpmn = temp / "flow.bpmn";
    auto first = gravity({"run", scenario.string(), "--workdir", (temp / "first").string(),
                          "--bpmn", bpmn.string(), "--json"});
    ASSERT_EQ(first.status, 0) << first.err << first.out;
    const auto report = first.json();
    EXPECT_TRUE(report["passed"].get<bool>());
    for (const auto& step : report["steps"]) EXPECT_EQ(step["status"], "passed") << step.dump();
    ASSERT_FALSE(report["refs"].empty());

    auto second = gravity({"run", scenario.string(), "--workdir", (temp / "second").string(), "--json"});
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.json()["refs"], report["refs"]);

    auto replay = gravity({"replay", bpmn.string(), "--workdir", (temp / "replay").string(), "--json"});
    ASSERT_EQ(replay.status, 0) << replay.err;
    EXPECT_EQ(replay.json()["refs"], report["refs"]);
    EXPECT_EQ(replay.json()["steps"].size(), report["steps"].size());

    // What git itself sees in the work directory is what the report says.
    GitCli git(temp / "home");
    for (const auto& [repository, refs] : report["refs"].items())
        for (const auto& [ref, id] : refs.items())
            EXPECT_EQ(git.rev_parse(temp / "first" / repository, ref), id.get<std::string>())
                << repository << " " << ref;
}

INSTANTIATE_TEST_SUITE_P(Examples, GravityRun,
                         ::testing::Values("client-sync-cases", "feature-branch", "release-hotfix"),
                         [](const auto& test) {
                             std::string name = test.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });


TEST(GravityFailure, AFalseExpectationStopsTheRunAtThatStepWithExitStatus1) {
    TempDir temp{"girofle-gravity-test"};
    std::string text = read_file(kScenarios / "feature-branch.yaml");
    const std::string right = "ref: main, count: 6}";
    ASSERT_NE(text.find(right), std::string::npos);
    text.replace(text.find(right), right.size(), "ref: main, count: 5}");
    write_file(temp / "false.yaml", text);

    auto result = gravity({"run", (temp / "false.yaml").string(), "--workdir",
                           (temp / "work").string(), "--json"});
    EXPECT_EQ(result.status, 1);
    EXPECT_THAT(result.err, HasSubstr("girofle: error: step main-history: expectation "
                                      "commit_count: main has 6 commits, expected 5"));
    const auto report = result.json();
    EXPECT_FALSE(report["passed"].get<bool>());
    ASSERT_FALSE(report["steps"].empty());
    EXPECT_EQ(report["steps"].back()["id"], "main-history");  // nothing played after it
    EXPECT_EQ(report["steps"].back()["status"], "failed");
}

TEST(GravityFailure, ABadScenarioIsRefusedWithExitStatus2AndNothingWritten) {
    TempDir temp{"girofle-gravity-test"};
    write_file(temp / "bad.yaml", "version: 1\nrepositories: {alice: {}}\nsteps:\n"
                                  "  - {id: w, kind: write, repository: alice, path: ../escape, content: x}\n");
    auto result = gravity({"run", (temp / "bad.yaml").string(), "--workdir", (temp / "work").string(),
                           "--bpmn", (temp / "out.bpmn").string()});
    EXPECT_EQ(result.status, 2);
    EXPECT_THAT(result.err, HasSubstr("bad.yaml:4: step w: field path: path ../escape leaves"));
    EXPECT_FALSE(fs::exists(temp / "work"));
    EXPECT_FALSE(fs::exists(temp / "out.bpmn"));
    EXPECT_FALSE(fs::exists(temp / "escape"));
}

TEST(GravityReplay, RefusesABpmnFileItDidNotWrite) {
    TempDir temp{"girofle-gravity-test"};
    write_file(temp / "foreign.bpmn",
               R"(<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>)");
    auto result = gravity({"replay", (temp / "foreign.bpmn").string(), "--workdir", (temp / "w").string()});
    EXPECT_EQ(result.status, 2);
    EXPECT_THAT(result.err, HasSubstr("not written by girofle gravity"));
    EXPECT_FALSE(fs::exists(temp / "w"));
}

TEST(GravityReplay, RefusesAStepKindItDoesNotKnow) {
    TempDir temp{"girofle-gravity-test"};
    const fs::path bpmn = temp / "flow.bpmn";
    auto run = gravity({"run", (kScenarios / "release-hotfix.yaml").string(), "--workdir",
                        (temp / "w").string(), "--bpmn", bpmn.string()});
    ASSERT_EQ(run.status, 0) << run.err;
    std::string text = read_file(bpmn);
    const std::string kind = "kind=\"tag\"";
    ASSERT_NE(text.find(kind), std::string::npos);
    text.replace(text.find(kind), kind.size(), "kind=\"teleport\"");
    write_file(bpmn, text);
    auto replay = gravity({"replay", bpmn.string(), "--workdir", (temp / "r").string()});
    EXPECT_EQ(replay.status, 2);
    EXPECT_THAT(replay.err, HasSubstr("step tag-release: unknown step kind teleport"));
}

// A push the server refuses (a pre-receive hook over git://) is a failed push step; with
// expect_failure the scenario goes on and checks its exit status and the untouched remote.
TEST(GravityServer, APushTheServerRefusesIsExpectedAndLeavesTheRemoteAsItWas) {
    GIROFLE_REQUIRE_PROGRAMS(GitDaemonServer::kPrograms);
    TempDir temp{"girofle-gravity-test"};
    GitDaemonServer server(temp / "server");
    GitCli git(temp / "home");
    const fs::path bare = server.repositories() / "project.git";
    git.run(temp.path(), {"init", "-q", "--bare", "-b", "main", bare.string()});
    write_file(bare / "hooks" / "pre-receive",
               "#!/bin/sh\necho 'policy: main is frozen' >&2\nexit 1\n");
    fs::permissions(bare / "hooks" / "pre-receive", fs::perms::owner_all);
    write_file(temp / "refused.yaml", R"(version: 1
clock: {start: "2024-06-01T12:00:00Z", tick: 60}
identities: {dev: {name: Dev, email: dev@example.org}}
repositories:
  server: {url: "${GRAVITY_TEST_REMOTE}"}
  dev: {}
steps:
  - {id: clone, kind: clone, repository: dev, from: server}
  - {id: write, kind: write, repository: dev, path: a.txt, content: "a\n"}
  - {id: commit, kind: commit, repository: dev, message: A, identity: dev}
  - {id: push, kind: push, repository: dev, branch: main, expect_failure: true}
  - {id: refused, kind: expect, check: exit_status, step: push, status: 1}
  - {id: sync, kind: sync, repository: dev, identity: dev, expect_failure: true}
)");
    const std::map<std::string, std::string> env{{"GRAVITY_TEST_REMOTE", server.url("project.git")}};
    auto result = gravity({"run", (temp / "refused.yaml").string(), "--workdir",
                           (temp / "work").string(), "--json"}, env);
    ASSERT_EQ(result.status, 0) << result.err << result.out;
    const auto steps = result.json()["steps"];
    EXPECT_THAT(steps[3]["error"].get<std::string>(),
                HasSubstr("the server refused the push: refs/heads/main"));
    EXPECT_THAT(steps[3]["error"].get<std::string>(), HasSubstr("policy: main is frozen"));
    EXPECT_EQ(git.refs(bare), "");  // the server kept nothing

    // Without expect_failure the same push stops the run there.
    std::string text = read_file(temp / "refused.yaml");
    text.replace(text.find(", expect_failure: true}"), 23, "}");
    write_file(temp / "strict.yaml", text);
    auto strict = gravity({"run", (temp / "strict.yaml").string(), "--workdir",
                           (temp / "strict").string()}, env);
    EXPECT_EQ(strict.status, 1);
    EXPECT_THAT(strict.err, HasSubstr("girofle: error: step push: origin: the server refused"));
}

}  // namespace
}  // namespace girofle::testing
