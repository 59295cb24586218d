#include "core/drill/drill_report.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

TEST(DrillReport, PassesWhenEveryCheckPassedOrDoesNotApply) {
    DrillReport report{"20261130T010000Z", "2026-11-30T01:30:00Z", 9000,
                       {{"database recovered", true, "PostgreSQL answers"},
                        {"push events agree with refs", false, "not checked: GitLab's own schema", true}}};
    EXPECT_TRUE(report.passed());
    EXPECT_EQ(report.first_failure(), "");
    report.checks.push_back({"fsck group/project.git", false, "error: bad object"});
    EXPECT_FALSE(report.passed());
    EXPECT_EQ(report.first_failure(), "fsck group/project.git: error: bad object");
    EXPECT_FALSE(DrillReport{}.passed()) << "a drill that checked nothing proves nothing";
}

TEST(DrillReport, RoundTripsThroughDrillJson) {
    testing::TempDir directory("girofle-drill-report");
    const DrillReport report{"20261130T010000Z", "2026-11-30T01:30:00Z", 9000,
                             {{"checksums", false, "data/x: missing"}, {"push events agree with refs", false, "n/a", true}}};
    ASSERT_TRUE(write_drill_report(directory.path(), report));
    auto back = read_drill_report(directory.path());
    ASSERT_TRUE(back);
    EXPECT_EQ(to_json(*back), to_json(report));
    EXPECT_FALSE(read_drill_report(directory.path() / "absent"));
}

}  // namespace
}  // namespace girofle
