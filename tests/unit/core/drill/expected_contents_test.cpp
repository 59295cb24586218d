#include "core/drill/expected_contents.hpp"

#include <gtest/gtest.h>

namespace girofle {
namespace {

TEST(ExpectedContents, RoundTripsThroughTheManifestJson) {
    ExpectedContents expected;
    expected.refs_recorded = true;
    expected.repositories = {{"g/p.git", {{"refs/heads/main", std::string(40, 'a')}}}, {"g/empty.git", {}}};
    expected.push_events_at_least = 42;
    auto back = expected_contents_from_json(to_json(expected));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->repositories, expected.repositories);
    EXPECT_EQ(back->push_events_at_least, 42u);
    EXPECT_TRUE(back->refs_recorded);
}

TEST(ExpectedContents, NothingRecordedStaysNothing) {
    auto back = expected_contents_from_json(to_json(ExpectedContents{}));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->refs_recorded);
    EXPECT_FALSE(back->push_events_at_least);
}

TEST(ExpectedContents, AMalformedCountIsAnErrorNamingTheField) {
    auto back = expected_contents_from_json({{"refs_recorded", false}, {"push_events_at_least", "many"}});
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message().find("expected contents"), std::string::npos);
}

TEST(ExpectedContents, ParsesForEachRefOutput) {
    auto refs = parse_for_each_ref(std::string(40, 'a') + " refs/heads/main\n" + std::string(40, 'b') + " refs/tags/v1\n\n");
    EXPECT_EQ(refs.size(), 2u);
    EXPECT_EQ(refs["refs/tags/v1"], std::string(40, 'b'));
}

}  // namespace
}  // namespace girofle
