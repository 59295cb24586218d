#include "core/observe/history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

const char* kLog =
    R"({"time":"2026-11-25T04:00:00Z","operation":"backup","instance":1,"backup":"20261125T040000Z","duration_ms":5120,"freeze_window_ms":85,"outcome":"ok"})" "\n"
    R"({"time":"2026-11-25T04:00:09Z","operation":"remote push","instance":1,"error":"sftp: refused","outcome":"failed"})" "\n"
    "{\"time\":\"2026-11-25T05:00:00Z\",\"operation\":\"back\n"  // cut short by a full disk
    R"({"time":"2026-11-25T06:00:00Z","operation":"commission","instance":2,"outcome":"ok"})" "\n"
    R"({"time":"2026-11-25T07:00:00Z","operation":"backup","error":"instance 9: not found","outcome":"failed"})" "\n";

TEST(History, ReadsEveryRecordInOrderAndCountsLinesItCannotRead) {
    testing::TempDir dir;
    testing::write_file(dir / "operations.jsonl", kLog);
    auto history = read_history(dir / "operations.jsonl");
    ASSERT_TRUE(history) << history.error().message();
    ASSERT_EQ(history->entries.size(), 4u);
    EXPECT_EQ(history->unreadable_lines, 1u);
    const auto& backup = history->entries[0];
    EXPECT_EQ(rfc3339_utc(backup.time), "2026-11-25T04:00:00Z");
    EXPECT_EQ(backup.instance, 1u);
    EXPECT_EQ(backup.operation, "backup");
    EXPECT_EQ(backup.duration_ms, 5120);
    EXPECT_EQ(backup.freeze_window_ms, 85);
    EXPECT_FALSE(backup.failed());
    EXPECT_EQ(backup.line["backup"], "20261125T040000Z");
    EXPECT_TRUE(history->entries[1].failed());
    EXPECT_EQ(history->entries[1].error, "sftp: refused");
    EXPECT_EQ(history->entries[3].instance, std::nullopt);
}

TEST(History, AMissingLogIsAnEmptyHistory) {
    testing::TempDir dir;
    auto history = read_history(dir / "operations.jsonl");
    ASSERT_TRUE(history);
    EXPECT_TRUE(history->entries.empty());
}

TEST(History, FiltersByInstanceTimeAndFailureTogether) {
    testing::TempDir dir;
    testing::write_file(dir / "operations.jsonl", kLog);
    const auto entries = read_history(dir / "operations.jsonl")->entries;
    auto operations = [](const std::vector<HistoryEntry>& kept) {
        std::vector<std::string> names;
        for (const auto& entry : kept) names.push_back(entry.operation);
        return names;
    };
    using ::testing::ElementsAre;
    EXPECT_THAT(operations(filter_history(entries, {.instance = 1})), ElementsAre("backup", "remote push"));
    EXPECT_THAT(operations(filter_history(entries, {.failed_only = true})), ElementsAre("remote push", "backup"));
    EXPECT_THAT(operations(filter_history(entries, {.instance = 1, .failed_only = true})), ElementsAre("remote push"));
    auto since = parse_rfc3339_utc("2026-11-25T04:00:09Z");
    EXPECT_THAT(operations(filter_history(entries, {.since = since})), ElementsAre("remote push", "commission", "backup"));
    EXPECT_TRUE(filter_history(entries, {.instance = 7}).empty());
}

TEST(History, DurationsAreSumsOfNumbersWithUnits) {
    EXPECT_EQ(*parse_duration("90s"), 90s);
    EXPECT_EQ(*parse_duration("30m"), 30min);
    EXPECT_EQ(*parse_duration("12h"), 12h);
    EXPECT_EQ(*parse_duration("7d"), 7 * 24h);
    EXPECT_EQ(*parse_duration("2w"), 14 * 24h);
    EXPECT_EQ(*parse_duration("1h30m"), 90min);
    for (const char* bad : {"", "h", "12", "5x", "1.5h", "-3h", "0m", "1h 30m", "9999999999d"}) {
        auto refused = parse_duration(bad);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().kind, ErrorKind::usage);
        EXPECT_EQ(refused.error().object, "duration '" + std::string(bad) + "'");
    }
}

}  // namespace
}  // namespace girofle
