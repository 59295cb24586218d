// Bad scenarios are refused before anything is played: a usage error (exit status 2) whose
// message names the file, the line and the step, and says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/gravity/scenario_reader.hpp"

namespace girofle::gravity {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A valid head; the cases append steps to it (its `steps:` key is on line 9).
const std::string kHead = R"(version: 1
clock: {start: "2024-01-01T00:00:00Z", tick: 60}
identities:
  alice: {name: Alice, email: alice@example.org}
repositories:
  origin: {bare: true}
  alice: {}
  bob: {}
steps:
  - {id: init-origin, kind: init, repository: origin}
)";

struct BadScenario {
    std::string name;
    std::string text;
    std::string where;  // "bad.yaml:LINE: step ID" (or without the step)
    std::string cause;
};

const std::vector<BadScenario> kBadScenarios = {
    {"syntax_error", kHead + "  - {id: broken, kind: init\n", "bad.yaml:12", "end of map flow"},
    {"unknown_step_kind", kHead + "  - {id: twirl, kind: dance, repository: alice}\n",
     "bad.yaml:11: step twirl", "unknown step kind dance"},
    {"duplicate_id", kHead + "  - {id: init-origin, kind: init, repository: alice}\n",
     "bad.yaml:11: step init-origin", "duplicate step id init-origin"},
    {"missing_field", kHead + "  - {id: c, kind: clone, repository: alice}\n",
     "bad.yaml:11: step c", "missing field from"},
    {"missing_kind", kHead + "  - {id: nothing, repository: alice}\n", "bad.yaml:11: step nothing",
     "missing field kind"},
    {"unknown_field", kHead + "  - {id: c, kind: clone, repository: alice, from: origin, depth: 1}\n",
     "bad.yaml:11: step c", "unknown field depth for a clone step"},
    {"undeclared_repository", kHead + "  - {id: c, kind: clone, repository: carol, from: origin}\n",
     "bad.yaml:11: step c", "field repository: undeclared repository carol"},
    {"unknown_identity",
     kHead + "  - {id: c, kind: commit, repository: origin, message: m, identity: mallory}\n",
     "bad.yaml:11: step c", "field identity: undeclared identity mallory"},
    {"path_escaping_with_dotdot",
     kHead + "  - {id: w, kind: write, repository: alice, path: ../../etc/passwd, content: x}\n",
     "bad.yaml:11: step w", "path ../../etc/passwd leaves the repository"},
    {"absolute_path", kHead + "  - {id: w, kind: write, repository: alice, path: /tmp/x, content: x}\n",
     "bad.yaml:11: step w", "path /tmp/x leaves the repository"},
    {"path_into_git_directory",
     kHead + "  - {id: w, kind: write, repository: alice, path: .git/config, content: x}\n",
     "bad.yaml:11: step w", "path .git/config leaves the repository or enters .git"},
    {"parallel_branches_on_one_repository", kHead + R"(  - id: both
    parallel:
      one:
        - {id: w1, kind: write, repository: alice, path: a, content: x}
      two:
        - {id: w2, kind: write, repository: alice, path: b, content: y}
)",
     "bad.yaml:16: step w2", "parallel branches one and two both touch repository alice"},
    {"parallel_pushes_to_one_remote", kHead + R"(  - {id: ca, kind: clone, repository: alice, from: origin}
  - {id: cb, kind: clone, repository: bob, from: origin}
  - id: both
    parallel:
      one:
        - {id: pa, kind: push, repository: alice}
      two:
        - {id: pb, kind: push, repository: bob}
)",
     "bad.yaml:18: step pb", "both touch repository origin"},
    {"unsupported_version", "version: 2\nsteps: []\n", "bad.yaml:1", "unsupported version 2"},
    {"bad_merge_mode",
     kHead + "  - {id: m, kind: merge, repository: alice, branch: x, identity: alice, mode: squash}\n",
     "bad.yaml:11: step m", "field mode: squash is not one of ff, ff-only, no-ff"},
    {"expect_of_a_later_step", kHead + "  - {id: e, kind: expect, check: exit_status, step: later, status: 0}\n",
     "bad.yaml:11: step e", "field step: no earlier step later"},
    {"expect_missing_its_check_fields", kHead + "  - {id: e, kind: expect, check: commit_count, repository: alice}\n",
     "bad.yaml:11: step e", "check commit_count needs the field ref"},
    {"expect_failure_on_an_expect",
     kHead + "  - {id: e, kind: expect, check: clean_tree, repository: alice, expect_failure: true}\n",
     "bad.yaml:11: step e", "unknown field expect_failure"},
    {"step_id_not_an_xml_name", kHead + "  - {id: 9lives, kind: init, repository: alice}\n",
     "bad.yaml:11: step 9lives", "a step id holds letters"},
    {"bad_clock", "version: 1\nclock: {start: yesterday}\nrepositories: {a: {}}\nsteps: []\n",
     "bad.yaml:2", "clock start must look like"},
    {"unset_url_variable",
     "version: 1\nrepositories:\n  remote: {url: \"${GRAVITY_TEST_UNSET_VARIABLE}/x.git\"}\nsteps: []\n",
     "bad.yaml:3", "environment variable GRAVITY_TEST_UNSET_VARIABLE is not set"},
    {"step_field_not_a_scalar", kHead + "  - {id: w, kind: write, repository: alice, path: [a, b], content: x}\n",
     "bad.yaml:11: step w", "field path must be a single value"},
};

class BadScenarios : public ::testing::TestWithParam<BadScenario> {};

TEST_P(BadScenarios, AreRefusedNamingFileLineAndStep) {
    const BadScenario& bad = GetParam();
    auto scenario = read_scenario_text(bad.text, "bad.yaml");
    ASSERT_FALSE(scenario.has_value());
    EXPECT_EQ(scenario.error().kind, ErrorKind::usage);
    EXPECT_EQ(scenario.error().exit_status(), 2);
    EXPECT_EQ(scenario.error().object, bad.where) << scenario.error().message();
    EXPECT_THAT(scenario.error().cause, HasSubstr(bad.cause)) << scenario.error().message();
}

INSTANTIATE_TEST_SUITE_P(Table, BadScenarios, ::testing::ValuesIn(kBadScenarios),
                         [](const auto& test) { return test.param.name; });

TEST(ScenarioReader, ReadsStepsInDocumentOrderWithTheirPositionsAndFields) {
    auto scenario = read_scenario_text(kHead + R"(  - {id: ca, kind: clone, repository: alice, from: origin}
  - id: both
    parallel:
      one:
        - {id: w1, kind: write, repository: alice, path: a, content: "x\n"}
      two:
        - {id: cb, kind: clone, repository: bob, from: origin}
  - {id: after, kind: commit, repository: alice, message: m, identity: alice}
)",
                                       "good.yaml");
    ASSERT_TRUE(scenario.has_value()) << scenario.error().message();
    const auto steps = all_steps(*scenario);
    ASSERT_EQ(steps.size(), 5u);
    EXPECT_EQ(steps[2]->id, "w1");
    EXPECT_EQ(steps[2]->field("content"), "x\n");
    EXPECT_EQ(steps[4]->position, 4);
    EXPECT_EQ(steps[4]->origin.line, 18);
    EXPECT_EQ(scenario->clock.time_of(4), 1704067200 + 4 * 60);
}

TEST(ScenarioReader, AcceptsJson) {
    auto scenario = read_scenario_text(
        R"({"version": 1, "repositories": {"origin": {"bare": true}},
            "steps": [{"id": "init", "kind": "init", "repository": "origin"}]})",
        "flow.json");
    ASSERT_TRUE(scenario.has_value()) << scenario.error().message();
    EXPECT_TRUE(scenario->repositories.at("origin").bare);
}

}  // namespace
}  // namespace girofle::gravity
