#include "core/drill/push_agreement.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

const std::string kZero(40, '0');
const std::string kA(40, 'a'), kB(40, 'b'), kC(40, 'c');

PushEvent row(std::string ref, std::string to, std::string state = "committed") {
    return {"group/project.git", std::move(ref), std::move(to), std::move(state)};
}

RepositoryRefs repository(RefMap refs) { return {{"group/project.git", std::move(refs)}}; }

TEST(PushAgreement, RefsWhereTheirLastCommittedPushPutThemAgree) {
    const std::vector<PushEvent> events = {row("refs/heads/main", kA), row("refs/heads/main", kB),
                                           row("refs/tags/v1", kA)};
    EXPECT_TRUE(push_event_disagreements(events, repository({{"refs/heads/main", kB}, {"refs/tags/v1", kA}}),
                                         DatabaseTiming::same_instant).empty());
}

TEST(PushAgreement, ARefWithoutAnyRecordedPushIsNamed) {
    auto problems = push_event_disagreements({}, repository({{"refs/heads/main", kA}}), DatabaseTiming::same_instant);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("group/project.git refs/heads/main"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("no push"), std::string::npos) << problems[0];
}

TEST(PushAgreement, ARefBehindItsLastCommittedPushIsATornSnapshot) {
    const std::vector<PushEvent> events = {row("refs/heads/main", kA), row("refs/heads/main", kB)};
    auto problems = push_event_disagreements(events, repository({{"refs/heads/main", kA}}), DatabaseTiming::same_instant);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find(kB), std::string::npos) << problems[0];
    // An archive whose database was dumped after its repositories may know later pushes.
    EXPECT_TRUE(push_event_disagreements(events, repository({{"refs/heads/main", kA}}),
                                         DatabaseTiming::database_after_repositories).empty());
}

TEST(PushAgreement, APushStillPreparedAtTheFreezeMayOrMayNotHaveMovedTheRef) {
    const std::vector<PushEvent> events = {row("refs/heads/main", kA), row("refs/heads/main", kB, "prepared")};
    EXPECT_TRUE(push_event_disagreements(events, repository({{"refs/heads/main", kA}}), DatabaseTiming::same_instant).empty());
    EXPECT_TRUE(push_event_disagreements(events, repository({{"refs/heads/main", kB}}), DatabaseTiming::same_instant).empty());
    EXPECT_EQ(push_event_disagreements(events, repository({{"refs/heads/main", kC}}), DatabaseTiming::same_instant).size(), 1u);
}

TEST(PushAgreement, AbortedPushesDoNotCountAndDeletionsMeanAbsent) {
    const std::vector<PushEvent> events = {row("refs/heads/main", kA), row("refs/heads/main", kC, "aborted"),
                                           row("refs/heads/topic", kB), row("refs/heads/topic", kZero)};
    EXPECT_TRUE(push_event_disagreements(events, repository({{"refs/heads/main", kA}}), DatabaseTiming::same_instant).empty());
    EXPECT_EQ(push_event_disagreements(events, repository({{"refs/heads/main", kA}, {"refs/heads/topic", kB}}),
                                       DatabaseTiming::same_instant).size(), 1u);
}

TEST(PushAgreement, ARefTheDatabaseHasButTheRepositoryLostIsNamed) {
    const std::vector<PushEvent> events = {row("refs/heads/main", kA)};
    auto problems = push_event_disagreements(events, {}, DatabaseTiming::same_instant);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("is missing"), std::string::npos) << problems[0];
}

TEST(PushAgreement, InternalRefsAreNotCompared) {
    EXPECT_TRUE(push_event_disagreements({}, repository({{"refs/keep-around/" + kA, kA}}), DatabaseTiming::same_instant).empty());
}

TEST(PushAgreement, ParsesTabSeparatedRowsAndSkipsOthers) {
    auto events = parse_push_events("a.git\trefs/heads/main\t" + kA + "\tcommitted\nnoise\n");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].repository, "a.git");
    EXPECT_EQ(events[0].state, "committed");
}

}  // namespace
}  // namespace girofle
