// Debian's node exporter, started on loopback with its textfile collector on Girofle's metrics
// directory, scraped with curl after a backup, a failed backup and a push: each figure is the
// one the operations log and the snapshot's manifest say. promtool finds nothing to fix.
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <sstream>

#include "adapters/process/posix_process_runner.hpp"
#include "integration/gitlab_fixture.hpp"
#include "support/loopback_port.hpp"
#include "support/required_programs.hpp"

namespace girofle::testing {
namespace {

class MetricsScrapeTest : public GitlabTest {
protected:
    std::filesystem::path textfile_directory() const { return scratch() / "textfile"; }

    void start_node_exporter() {
        std::filesystem::create_directories(textfile_directory());
        port_ = free_loopback_port();
        auto child = start_process({.argv = {"prometheus-node-exporter",
                                             "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                             "--collector.disable-defaults", "--collector.textfile", "--log.level=warn",
                                             "--collector.textfile.directory=" + textfile_directory().string()},
                                    .capture_output = false});
        ASSERT_TRUE(child) << child.error().message();
        exporter_.emplace(std::move(*child));
        ASSERT_TRUE(wait_for_listener(port_)) << "node exporter did not listen on 127.0.0.1:" << port_;
    }

    // Every girofle_ sample and node_textfile_scrape_error, keyed "name{name=...,number=...}"
    // as the exporter writes them (labels sorted).
    std::map<std::string, double> scrape() const {
        auto got = run_command({"curl", "-sS", "--fail", "--noproxy", "*",
                                "http://127.0.0.1:" + std::to_string(port_) + "/metrics"});
        EXPECT_EQ(got.status, 0) << got.err;
        std::map<std::string, double> samples;
        std::istringstream lines(got.out);
        for (std::string line; std::getline(lines, line);) {
            if (!line.starts_with("girofle_") && !line.starts_with("node_textfile_scrape_error")) continue;
            const auto space = line.rfind(' ');
            samples[line.substr(0, space)] = std::strtod(line.c_str() + space + 1, nullptr);
        }
        return samples;
    }

    static std::string key(const std::string& metric) { return metric + "{name=\"obs\",number=\"1\"}"; }
    // The sample's value; NaN, which equals nothing, and a failure when the exporter lacks it.
    static double at(const std::map<std::string, double>& samples, const std::string& name) {
        auto found = samples.find(name);
        if (found != samples.end()) return found->second;
        ADD_FAILURE() << "no sample " << name;
        return std::nan("");
    }

    nlohmann::json log_entries() const {
        auto logged = girofle({"log", "1", "--json"});
        EXPECT_EQ(logged.status, 0) << logged.err;
        return logged.json();
    }
    static std::optional<nlohmann::json> last_of(const nlohmann::json& entries, const std::string& operation,
                                                 const std::string& outcome) {
        std::optional<nlohmann::json> found;
        for (const auto& entry : entries)
            if (entry["operation"] == operation && entry["outcome"] == outcome) found = entry;
        return found;
    }
    static double seconds_of(const std::string& rfc3339) {
        std::tm utc{};
        ::strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &utc);
        double seconds = static_cast<double>(::timegm(&utc)) * 1000;
        if (auto dot = rfc3339.find('.'); dot != std::string::npos) seconds += std::stoi(rfc3339.substr(dot + 1, 3));
        return seconds / 1000;
    }
    nlohmann::json newest_manifest() const {
        auto listed = girofle({"--json", "backups", "1"});
        EXPECT_EQ(listed.status, 0) << listed.err;
        return listed.json()["backups"].back()["manifest"];
    }

    int port_ = 0;
    std::optional<ChildProcess> exporter_;
};

TEST_F(MetricsScrapeTest, TheNodeExporterShowsWhatTheOperationsLogSays) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("prometheus-node-exporter", "promtool", "curl", "restic");
    const auto password_file = scratch() / "secret" / "restic-password";
    write_file(password_file, "metrics-test-password\n");
    ::chmod(password_file.c_str(), 0600);
    const nlohmann::json settings = {
        {"metrics_dir", textfile_directory().string()},
        {"remote", {{"repository", (scratch() / "restic").string()}, {"password_file", password_file.string()}}}};
    std::filesystem::create_directories(root());
    write_root_config(settings);
    start_node_exporter();
    commission({"--name", "obs", "--ip", "127.0.14.1", "--schedule", "none"});

    // 1. A backup.
    backup("1");
    auto manifest = newest_manifest();
    auto samples = scrape();
    auto backed_up = last_of(log_entries(), "backup", "ok");
    ASSERT_TRUE(backed_up);
    EXPECT_EQ(at(samples, "node_textfile_scrape_error"), 0);
    EXPECT_EQ(at(samples, key("girofle_instance_up")), 1);
    EXPECT_EQ(at(samples, key("girofle_backup_snapshots")), 1);
    EXPECT_EQ(at(samples, key("girofle_backup_last_success_timestamp_seconds")), seconds_of(manifest["finished_at"]));
    EXPECT_EQ(at(samples, key("girofle_backup_last_duration_seconds")), (*backed_up)["duration_ms"].get<double>() / 1000);
    EXPECT_EQ(at(samples, key("girofle_backup_last_freeze_window_seconds")),
              (*backed_up)["freeze_window_ms"].get<double>() / 1000);
    EXPECT_EQ(at(samples, key("girofle_backup_last_size_bytes")), (*backed_up)["bytes"].get<double>());
    EXPECT_GE(at(samples, key("girofle_backup_last_added_bytes")), (*backed_up)["bytes"].get<double>())
        << "the first snapshot adds all it holds";
    EXPECT_EQ(at(samples, key("girofle_backup_failures_total")), 0);
    EXPECT_FALSE(samples.contains(key("girofle_backup_last_failure_timestamp_seconds")));

    // 2. A backup that fails: its pre-backup hook refuses.
    nlohmann::json refusing = settings;
    refusing["hooks"] = {{"pre_backup", {{"false"}}}};
    write_root_config(refusing);
    auto failed = girofle({"backup", "1"});
    ASSERT_EQ(failed.status, 1) << failed.err;
    samples = scrape();
    auto failure = last_of(log_entries(), "backup", "failed");
    ASSERT_TRUE(failure);
    EXPECT_EQ(at(samples, key("girofle_backup_failures_total")), 1);
    EXPECT_EQ(at(samples, key("girofle_backup_last_failure_timestamp_seconds")), seconds_of((*failure)["time"]));
    EXPECT_EQ(at(samples, key("girofle_hook_failures_total")), 1);
    EXPECT_EQ(at(samples, key("girofle_backup_snapshots")), 1) << "the failed backup left no snapshot";
    EXPECT_EQ(at(samples, key("girofle_backup_last_success_timestamp_seconds")), seconds_of(manifest["finished_at"]));

    // 3. A backup pushed to the restic remote.
    write_root_config(settings);
    auto pushed = girofle({"backup", "1", "--remote"});
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    manifest = newest_manifest();
    samples = scrape();
    auto entries = log_entries();
    auto push = last_of(entries, "remote push", "ok");
    ASSERT_TRUE(push);
    EXPECT_EQ((*push)["backup"], manifest["id"]);
    EXPECT_EQ(at(samples, key("girofle_remote_push_last_success_timestamp_seconds")), seconds_of((*push)["time"]));
    EXPECT_EQ(at(samples, key("girofle_remote_push_failures_total")), 0);
    EXPECT_EQ(at(samples, key("girofle_remote_pending_pushes")), 0);
    EXPECT_EQ(at(samples, key("girofle_backup_snapshots")), 2);
    EXPECT_EQ(at(samples, key("girofle_backup_last_success_timestamp_seconds")), seconds_of(manifest["finished_at"]));
    EXPECT_EQ(at(samples, key("girofle_backup_last_duration_seconds")),
              (*last_of(entries, "backup", "ok"))["duration_ms"].get<double>() / 1000);
    EXPECT_EQ(at(samples, key("girofle_backup_failures_total")), 1);

    // The file itself passes Prometheus' own linter, and nothing else is in the directory.
    auto checked = run_command({"sh", "-c", "promtool check metrics < \"$1\"", "sh",
                                (textfile_directory() / "girofle.prom").string()});
    EXPECT_EQ(checked.status, 0) << checked.out << checked.err;
    EXPECT_EQ(checked.out + checked.err, "");
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(textfile_directory()))
        files.push_back(entry.path().filename().string());
    EXPECT_EQ(files, std::vector<std::string>{"girofle.prom"});

    // girofle log lists every operation with its outcome, and --failed only the failure.
    auto table = girofle({"log"});
    ASSERT_EQ(table.status, 0) << table.err;
    for (const char* row : {R"(\n\S+Z +1 +commission +ok )", R"(\n\S+Z +1 +backup +ok +\d+(\.\d)? m?s +\d+ ms)",
                            R"(\n\S+Z +1 +backup +failed .*pre_backup hook 'false': exit status 1)",
                            R"(\n\S+Z +1 +remote push +ok)"})
        EXPECT_TRUE(std::regex_search(table.out, std::regex(row))) << row << "\n" << table.out;
    auto only_failed = girofle({"log", "obs", "--failed", "--since", "1h"});
    ASSERT_EQ(only_failed.status, 0) << only_failed.err;
    EXPECT_EQ(std::count(only_failed.out.begin(), only_failed.out.end(), '\n'), 2) << only_failed.out;
}

}  // namespace
}  // namespace girofle::testing
