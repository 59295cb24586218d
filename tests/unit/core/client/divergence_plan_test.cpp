#include "core/client/divergence_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace girofle::client {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

FileVersion blob(const std::string& id) { return {id, 0100644}; }

TEST(PlanDivergence, FileAddedHereIsMissingFromTheRemote) {
    auto plan = plan_divergence({}, {{"new.txt", blob("1")}}, {});
    EXPECT_THAT(plan.missing_from_remote, ElementsAre("new.txt"));
    EXPECT_THAT(plan.differing, IsEmpty());
}

TEST(PlanDivergence, FileDeletedThereAndUnchangedHereStaysDeleted) {
    auto plan = plan_divergence({{"old.txt", blob("1")}}, {{"old.txt", blob("1")}}, {});
    EXPECT_THAT(plan.deleted_there, ElementsAre("old.txt"));
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
}

TEST(PlanDivergence, FileChangedHereButDeletedThereIsLeftToTheUser) {
    auto plan = plan_divergence({{"f", blob("1")}}, {{"f", blob("2")}}, {});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"f", Difference::changed_here_deleted_there}));
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
}

TEST(PlanDivergence, FileDeletedHereAndUnchangedThereComesBack) {
    auto plan = plan_divergence({{"f", blob("1")}}, {}, {{"f", blob("1")}});
    EXPECT_THAT(plan.deleted_here, ElementsAre("f"));
}

TEST(PlanDivergence, FileDeletedHereButChangedThereIsLeftToTheUser) {
    auto plan = plan_divergence({{"f", blob("1")}}, {}, {{"f", blob("2")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"f", Difference::deleted_here_changed_there}));
}

TEST(PlanDivergence, DifferingFilesSayWhichSideChangedThem) {
    auto plan = plan_divergence({{"both", blob("0")}, {"mine", blob("0")}, {"theirs", blob("0")}},
                                {{"both", blob("1")}, {"mine", blob("1")}, {"theirs", blob("0")}},
                                {{"both", blob("2")}, {"mine", blob("0")}, {"theirs", blob("2")}});
    EXPECT_THAT(plan.differing, ElementsAre(DifferingFile{"both", Difference::changed_both},
                                            DifferingFile{"mine", Difference::changed_here},
                                            DifferingFile{"theirs", Difference::changed_there}));
}

TEST(PlanDivergence, FilesAddedOnBothSidesWithoutABaseDiffer) {
    auto plan = plan_divergence({}, {{"f", blob("1")}}, {{"f", blob("2")}});
    EXPECT_THAT(plan.differing, ElementsAre(DifferingFile{"f", Difference::changed_both}));
}

TEST(PlanDivergence, ModeChangeAloneDiffers) {
    auto plan =
        plan_divergence({{"run", blob("1")}}, {{"run", {"1", 0100755}}}, {{"run", blob("1")}});
    EXPECT_THAT(plan.differing, ElementsAre(DifferingFile{"run", Difference::changed_here}));
}

TEST(PlanDivergence, IdenticalFilesAndRemoteOnlyAdditionsNeedNothing) {
    auto plan =
        plan_divergence({}, {{"same", blob("1")}}, {{"same", blob("1")}, {"theirs", blob("2")}});
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
    EXPECT_THAT(plan.differing, IsEmpty());
    EXPECT_THAT(plan.deleted_here, IsEmpty());
    EXPECT_THAT(plan.deleted_there, IsEmpty());
}

}  // namespace
}  // namespace girofle::client
