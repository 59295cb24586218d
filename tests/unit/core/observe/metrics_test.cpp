#include "core/observe/metrics.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace girofle {
namespace {

HistoryEntry entry(const std::string& time, std::uint64_t instance, const std::string& operation,
                   const std::string& outcome, nlohmann::json extra = nlohmann::json::object()) {
    HistoryEntry made;
    made.time = *parse_rfc3339_utc(time);
    made.instance = instance;
    made.operation = operation;
    made.outcome = outcome;
    if (extra.contains("duration_ms")) made.duration_ms = extra["duration_ms"].get<std::int64_t>();
    extra["operation"] = operation;
    made.line = extra;
    return made;
}

TEST(Metrics, RefusalsAreNeitherFailuresNorSuccesses) {
    std::vector<InstanceFacts> facts = {{.number = 1, .name = "wiki"}};
    add_history_facts(facts, {
        entry("2026-11-25T04:00:00Z", 1, "backup", "refused", {{"error_kind", "busy"}}),
        entry("2026-11-25T04:00:09Z", 1, "remote push", "refused", {{"error_kind", "busy"}}),
    });
    EXPECT_EQ(facts[0].backup_failures, 0u);
    EXPECT_EQ(facts[0].last_backup_failure_seconds, std::nullopt);
    EXPECT_EQ(facts[0].push_failures, 0u);
    EXPECT_EQ(facts[0].last_push_success_seconds, std::nullopt);
    EXPECT_EQ(facts[0].hook_failures, 0u);
}

TEST(Metrics, TheLogGivesDurationsFailureCountsAndTimesPerInstance) {
    std::vector<InstanceFacts> facts = {{.number = 1, .name = "wiki"}, {.number = 2}};
    add_history_facts(facts, {
        entry("2026-11-25T04:00:00Z", 1, "backup", "ok", {{"duration_ms", 5120}}),
        entry("2026-11-25T04:00:09Z", 1, "remote push", "ok"),
        entry("2026-11-25T08:00:00Z", 1, "backup", "failed"),
        entry("2026-11-25T08:00:01Z", 1, "backup", "failed", {{"hook", "pre_backup"}}),
        entry("2026-11-25T09:00:00Z", 1, "backup", "ok", {{"duration_ms", 250}}),
        entry("2026-11-25T09:00:02Z", 1, "hook", "failed", {{"hook", "post_backup"}}),
        entry("2026-11-25T09:00:05Z", 1, "remote push", "failed"),
        entry("2026-11-25T10:00:00Z", 7, "backup", "failed"),  // an instance no longer listed
    });
    const InstanceFacts& wiki = facts[0];
    EXPECT_EQ(wiki.last_backup_duration_seconds, 0.25);
    EXPECT_EQ(wiki.backup_failures, 2u);
    EXPECT_EQ(wiki.last_backup_failure_seconds, 1795593601.0);
    EXPECT_EQ(wiki.last_push_success_seconds, 1795579209.0);
    EXPECT_EQ(wiki.push_failures, 1u);
    EXPECT_EQ(wiki.last_push_failure_seconds, 1795597205.0);
    EXPECT_EQ(wiki.hook_failures, 2u);
    EXPECT_EQ(facts[1].backup_failures, 0u);
    EXPECT_EQ(facts[1].last_backup_duration_seconds, std::nullopt);
}

TEST(Metrics, DrillsGiveTheirLastSuccessFailureCountAndDuration) {
    std::vector<InstanceFacts> facts = {{.number = 1, .name = "wiki"}};
    add_history_facts(facts, {
        entry("2026-11-25T04:00:00Z", 1, "drill", "ok", {{"duration_ms", 12500}}),
        entry("2026-11-25T05:00:00Z", 1, "drill", "failed", {{"duration_ms", 3000}}),
    });
    EXPECT_EQ(facts[0].last_drill_success_seconds, 1795579200.0);
    EXPECT_EQ(facts[0].drill_failures, 1u);
    EXPECT_EQ(facts[0].last_drill_failure_seconds, 1795582800.0);
    EXPECT_EQ(facts[0].last_drill_duration_seconds, 3.0);
    const std::string text = render_metrics(facts);
    EXPECT_NE(text.find("girofle_drill_failures_total{number=\"1\",name=\"wiki\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# TYPE girofle_drill_last_success_timestamp_seconds gauge"), std::string::npos) << text;
}

TEST(Metrics, RemoteDrillsAreTheirOwnSeriesAndLeaveTheLocalDrillsAlone) {
    std::vector<InstanceFacts> facts = {{.number = 1, .name = "wiki"}};
    add_history_facts(facts, {
        entry("2026-11-25T04:00:00Z", 1, "drill", "ok", {{"duration_ms", 12500}}),
        entry("2026-11-25T05:00:00Z", 1, "drill --from-remote", "failed", {{"duration_ms", 40000}}),
        entry("2026-11-25T06:00:00Z", 1, "drill --from-remote", "ok", {{"duration_ms", 30000}}),
    });
    EXPECT_EQ(facts[0].drill_failures, 0u);
    EXPECT_EQ(facts[0].last_drill_duration_seconds, 12.5);
    EXPECT_EQ(facts[0].remote_drill_failures, 1u);
    EXPECT_EQ(facts[0].last_remote_drill_failure_seconds, 1795582800.0);
    EXPECT_EQ(facts[0].last_remote_drill_success_seconds, 1795586400.0);
    EXPECT_EQ(facts[0].last_remote_drill_duration_seconds, 30.0);
    const std::string text = render_metrics(facts);
    EXPECT_NE(text.find("girofle_remote_drill_failures_total{number=\"1\",name=\"wiki\"} 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("girofle_drill_failures_total{number=\"1\",name=\"wiki\"} 0\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# TYPE girofle_remote_drill_last_success_timestamp_seconds gauge"), std::string::npos) << text;
}

TEST(Metrics, EachFamilyHasHelpAndTypeOnceAndItsSamplesLabelledByNumberAndName) {
    std::vector<InstanceFacts> facts = {
        {.number = 1, .name = "wiki", .up = true, .snapshots = 3, .last_backup_success_seconds = 1764043205.123,
         .last_backup_freeze_window_seconds = 0.085, .last_backup_size_bytes = 12582912,
         .last_backup_added_bytes = 4096, .last_backup_duration_seconds = 5.12, .pending_pushes = 1},
        {.number = 2, .name = "", .up = false},
    };
    const std::string text = render_metrics(facts);
    EXPECT_NE(text.find("# HELP girofle_instance_up 1 when the instance's GitLab container runs and is not paused, else 0.\n"
                        "# TYPE girofle_instance_up gauge\n"
                        "girofle_instance_up{number=\"1\",name=\"wiki\"} 1\n"
                        "girofle_instance_up{number=\"2\",name=\"\"} 0\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("girofle_backup_last_success_timestamp_seconds{number=\"1\",name=\"wiki\"} 1764043205.123\n"),
              std::string::npos);
    EXPECT_EQ(text.find("girofle_backup_last_success_timestamp_seconds{number=\"2\""), std::string::npos)
        << "no snapshot, no sample";
    EXPECT_NE(text.find("girofle_backup_last_freeze_window_seconds{number=\"1\",name=\"wiki\"} 0.085\n"), std::string::npos);
    EXPECT_NE(text.find("girofle_backup_last_size_bytes{number=\"1\",name=\"wiki\"} 12582912\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE girofle_backup_failures_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("girofle_remote_pending_pushes{number=\"1\",name=\"wiki\"} 1\n"), std::string::npos);
    EXPECT_EQ(text.find("girofle_remote_push_last_success_timestamp_seconds"), std::string::npos)
        << "a family without samples is left out";
    EXPECT_EQ(text.find("instance="), std::string::npos);
    EXPECT_EQ(text.find("job="), std::string::npos);
    for (std::size_t at = 0; (at = text.find("# TYPE ", at)) != std::string::npos; ++at) {
        const std::string name = text.substr(at + 7, text.find(' ', at + 7) - at - 7);
        EXPECT_EQ(text.find("# TYPE " + name + " ", at + 1), std::string::npos) << name << " typed twice";
    }
}

TEST(Metrics, LabelValuesAreEscaped) {
    const std::string text = render_metrics({{.number = 4, .name = "a\"b\\c\nd"}});
    EXPECT_NE(text.find("{number=\"4\",name=\"a\\\"b\\\\c\\nd\"}"), std::string::npos) << text;
}

TEST(Metrics, NoInstanceNoSample) { EXPECT_EQ(render_metrics({}), ""); }

}  // namespace
}  // namespace girofle
