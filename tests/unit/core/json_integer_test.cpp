#include "core/json_integer.hpp"

#include <gtest/gtest.h>

#include "core/backup/manifest.hpp"
#include "core/instance.hpp"
#include "core/root_config.hpp"

namespace girofle {
namespace {

using nlohmann::json;

TEST(JsonInteger, TakesIntegersTheTypeHolds) {
    EXPECT_EQ(integer_from<int>(json(-5)), -5);
    EXPECT_EQ(integer_from<std::uint64_t>(json(18446744073709551615ULL)), 18446744073709551615ULL);
    EXPECT_EQ(integer_or(json::object(), "absent", 7), 7);
    EXPECT_EQ(integer_or(json{{"present", 3}}, "present", 7), 3);
}

TEST(JsonInteger, RefusesWhatWouldBeConvertedSilently) {
    EXPECT_THROW(integer_from<int>(json(1e300)), json::type_error);         // undefined behaviour before
    EXPECT_THROW(integer_from<int>(json(4294967297LL)), json::type_error);  // read as 1 before
    EXPECT_THROW(integer_from<std::uint64_t>(json(-1)), json::type_error);
    EXPECT_THROW(integer_from<int>(json(1.5)), json::type_error);
    EXPECT_THROW(integer_from<int>(json("3")), json::type_error);
    EXPECT_THROW(integer_or(json::array(), "key", 0), json::type_error);
}

// Found by the root_config fuzz target (tests/fuzz/regressions/root_config): a number no int
// holds was taken as a timeout or a retention count.
TEST(JsonInteger, GirofleJsonWithANumberOutOfRangeIsAUsageErrorNamingTheFile) {
    for (const char* text : {R"({"readiness_timeout_seconds": 1e300})", R"({"retention": {"daily": 4294967297}})",
                             R"({"remote": {"keep": {"last": -1e40}}})"}) {
        auto config = parse_root_config(text, "/srv/girofle/girofle.json");
        ASSERT_FALSE(config.has_value()) << text;
        EXPECT_EQ(config.error().kind, ErrorKind::usage);
        EXPECT_EQ(config.error().object, "/srv/girofle/girofle.json");
    }
}

TEST(JsonInteger, ARecordOrManifestWithANumberOutOfRangeIsRefused) {
    EXPECT_FALSE(record_from_json(json::parse(R"({"schema": 1e300})")).has_value());
    EXPECT_FALSE(record_from_json(json::parse(
        R"({"schema": 1, "number": 1, "container": "c", "directory": "d", "ports": {"http": 1e20}})")).has_value());
    EXPECT_FALSE(manifest_from_json(json::parse(R"({"format": 1e300})")).has_value());
}

}  // namespace
}  // namespace girofle
