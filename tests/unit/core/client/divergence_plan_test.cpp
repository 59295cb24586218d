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

FileVersion link(const std::string& id) { return {id, 0120000}; }

TEST(PlanDivergence, DirectoryHereWhereTheRemoteChangedTheFileIsOneClash) {
    auto plan = plan_divergence({{"notes", blob("1")}},
                                {{"notes/a", blob("2")}, {"notes/b", blob("3")}, {"x", blob("4")}},
                                {{"notes", blob("5")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"notes", Difference::directory_here_file_there}));
    EXPECT_THAT(plan.missing_from_remote, ElementsAre("x"));  // the rest still syncs
    EXPECT_THAT(plan.deleted_here, IsEmpty());
}

TEST(PlanDivergence, DirectoryHereWhereTheRemoteKeptTheFileIsAClashToo) {
    auto plan = plan_divergence({{"notes", blob("1")}}, {{"notes/a", blob("2")}},
                                {{"notes", blob("1")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"notes", Difference::directory_here_file_there}));
    EXPECT_THAT(plan.deleted_here, IsEmpty());
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
}

TEST(PlanDivergence, FileHereWhereTheRemoteMadeADirectoryIsOneClash) {
    auto plan = plan_divergence({{"d/a", blob("1")}, {"d/b", blob("2")}}, {{"d", blob("3")}},
                                {{"d/a", blob("4")}, {"d/b", blob("2")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"d", Difference::file_here_directory_there}));
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
    EXPECT_THAT(plan.deleted_here, IsEmpty());
}

TEST(PlanDivergence, ChangedFileWhereTheRemoteMadeADirectoryIsAClash) {
    auto plan = plan_divergence({{"notes", blob("1")}}, {{"notes", blob("2")}},
                                {{"notes/a", blob("3")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"notes", Difference::file_here_directory_there}));
}

TEST(PlanDivergence, UnchangedFileYieldsToTheRemotesDirectory) {
    auto plan = plan_divergence({{"notes", blob("1")}}, {{"notes", blob("1")}},
                                {{"notes/a", blob("3")}});
    EXPECT_THAT(plan.differing, IsEmpty());
    EXPECT_THAT(plan.deleted_there, ElementsAre("notes"));
}

TEST(PlanDivergence, UnchangedDirectoryYieldsToTheRemotesLink) {
    auto plan = plan_divergence({{"d/a", blob("1")}}, {{"d/a", blob("1")}}, {{"d", link("2")}});
    EXPECT_THAT(plan.differing, IsEmpty());
    EXPECT_THAT(plan.deleted_there, ElementsAre("d/a"));
}

TEST(PlanDivergence, FileAddedUnderTheRemotesNewLinkIsAClashNeverCopiedThroughIt) {
    auto plan = plan_divergence({{"d/a", blob("1")}}, {{"d/a", blob("1")}, {"d/new", blob("2")}},
                                {{"d", link("3")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"d", Difference::directory_here_file_there}));
    EXPECT_THAT(plan.missing_from_remote, IsEmpty());
    EXPECT_THAT(plan.deleted_there, IsEmpty());
}

TEST(PlanDivergence, FileBecomingALinkIsAnOrdinaryDifference) {
    auto plan = plan_divergence({{"f", blob("1")}}, {{"f", link("2")}}, {{"f", blob("3")}});
    EXPECT_THAT(plan.differing, ElementsAre(DifferingFile{"f", Difference::changed_both}));
}

TEST(PlanDivergence, ClashesAreListedInPathOrderAmongOtherDifferences) {
    auto plan = plan_divergence({{"a", blob("1")}, {"m", blob("1")}, {"z", blob("1")}},
                                {{"a", blob("2")}, {"m/x", blob("2")}, {"z", blob("2")}},
                                {{"a", blob("3")}, {"m", blob("3")}, {"z", blob("3")}});
    EXPECT_THAT(plan.differing,
                ElementsAre(DifferingFile{"a", Difference::changed_both},
                            DifferingFile{"m", Difference::directory_here_file_there},
                            DifferingFile{"z", Difference::changed_both}));
}

}  // namespace
}  // namespace girofle::client
