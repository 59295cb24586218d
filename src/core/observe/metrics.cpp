#include "core/observe/metrics.hpp"

#include <charconv>
#include <functional>
#include <map>

#include "core/backup/snapshot_store.hpp"
#include "core/clock.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/remote/pending_pushes.hpp"

namespace girofle {
namespace {

constexpr const char* kMetricsFileName = "girofle.prom";

// From whole milliseconds, so that a time read from text is the nearest double to that text.
double unix_seconds(std::chrono::system_clock::time_point time) {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count()) / 1000;
}

// Manifests keep milliseconds ("2026-11-25T04:00:05.123Z"), which parse_rfc3339_utc does not
// read. Divided once from whole milliseconds, so the figure is the nearest double to the text.
std::optional<double> manifest_time_seconds(const std::string& text) {
    const auto dot = text.find('.');
    auto whole = parse_rfc3339_utc(dot == std::string::npos ? text : text.substr(0, dot) + "Z");
    if (!whole) return std::nullopt;
    auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(whole->time_since_epoch()).count();
    if (dot != std::string::npos) {
        const std::string fraction = text.substr(dot + 1, text.size() - dot - 2);
        int part = 0;
        auto [end, error] = std::from_chars(fraction.data(), fraction.data() + fraction.size(), part);
        if (error != std::errc() || end != fraction.data() + fraction.size() || fraction.size() != 3 || text.back() != 'Z')
            return std::nullopt;
        milliseconds += part;
    }
    return static_cast<double>(milliseconds) / 1000;
}

std::string number_text(double value) {
    char text[64];
    auto [end, error] = std::to_chars(text, text + sizeof text, value);
    return error == std::errc() ? std::string(text, end) : "NaN";
}

// Label values escape backslash, double quote and line feed (the text format's rules).
std::string label_value(const std::string& value) {
    std::string escaped;
    for (char c : value) {
        if (c == '\\') escaped += "\\\\";
        else if (c == '"') escaped += "\\\"";
        else if (c == '\n') escaped += "\\n";
        else escaped += c;
    }
    return escaped;
}

struct Family {
    const char* name;
    const char* type;  // gauge or counter
    const char* help;
    std::function<std::optional<std::string>(const InstanceFacts&)> sample;
};

template <typename T>
std::optional<std::string> present(const std::optional<T>& value) {
    if (!value) return std::nullopt;
    if constexpr (std::is_floating_point_v<T>) return number_text(*value);
    else return std::to_string(*value);
}

const std::vector<Family>& families() {
    static const std::vector<Family> all = {
        {"girofle_drill_last_success_timestamp_seconds", "gauge",
         "Unix time of the last restore drill whose checks all passed.",
         [](const InstanceFacts& f) { return present(f.last_drill_success_seconds); }},
        {"girofle_drill_failures_total", "counter", "Restore drills with a failed check in the operations log.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.drill_failures)); }},
        {"girofle_drill_last_failure_timestamp_seconds", "gauge", "Unix time of the last restore drill that failed.",
         [](const InstanceFacts& f) { return present(f.last_drill_failure_seconds); }},
        {"girofle_drill_last_duration_seconds", "gauge", "How long the last restore drill took, passed or not.",
         [](const InstanceFacts& f) { return present(f.last_drill_duration_seconds); }},
        {"girofle_remote_drill_last_success_timestamp_seconds", "gauge",
         "Unix time of the last restore drill of a snapshot fetched from the remote whose checks all passed.",
         [](const InstanceFacts& f) { return present(f.last_remote_drill_success_seconds); }},
        {"girofle_remote_drill_failures_total", "counter",
         "Restore drills of snapshots fetched from the remote with a failed check in the operations log.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.remote_drill_failures)); }},
        {"girofle_remote_drill_last_failure_timestamp_seconds", "gauge",
         "Unix time of the last restore drill of a snapshot fetched from the remote that failed.",
         [](const InstanceFacts& f) { return present(f.last_remote_drill_failure_seconds); }},
        {"girofle_remote_drill_last_duration_seconds", "gauge",
         "How long the last restore drill of a snapshot fetched from the remote took, fetch included.",
         [](const InstanceFacts& f) { return present(f.last_remote_drill_duration_seconds); }},
        {"girofle_instance_up", "gauge", "1 when the instance's GitLab container runs and is not paused, else 0.",
         [](const InstanceFacts& f) { return f.up ? std::optional(std::string(*f.up ? "1" : "0")) : std::nullopt; }},
        {"girofle_backup_snapshots", "gauge", "Complete local snapshots kept for the instance.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.snapshots)); }},
        {"girofle_backup_last_success_timestamp_seconds", "gauge",
         "Unix time the newest complete local snapshot was finished.",
         [](const InstanceFacts& f) { return present(f.last_backup_success_seconds); }},
        {"girofle_backup_last_duration_seconds", "gauge", "Duration of the last successful backup.",
         [](const InstanceFacts& f) { return present(f.last_backup_duration_seconds); }},
        {"girofle_backup_last_freeze_window_seconds", "gauge",
         "How long GitLab was paused or stopped for the newest snapshot.",
         [](const InstanceFacts& f) { return present(f.last_backup_freeze_window_seconds); }},
        {"girofle_backup_last_size_bytes", "gauge", "Apparent size of the regular files in the newest snapshot.",
         [](const InstanceFacts& f) { return present(f.last_backup_size_bytes); }},
        {"girofle_backup_last_added_bytes", "gauge",
         "Disk space the newest snapshot uses beyond the snapshot before it (hard links shared).",
         [](const InstanceFacts& f) { return present(f.last_backup_added_bytes); }},
        {"girofle_backup_failures_total", "counter", "Failed backups in the operations log.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.backup_failures)); }},
        {"girofle_backup_last_failure_timestamp_seconds", "gauge", "Unix time of the last failed backup.",
         [](const InstanceFacts& f) { return present(f.last_backup_failure_seconds); }},
        {"girofle_remote_push_last_success_timestamp_seconds", "gauge",
         "Unix time a snapshot was last pushed to the remote storage.",
         [](const InstanceFacts& f) { return present(f.last_push_success_seconds); }},
        {"girofle_remote_push_failures_total", "counter", "Failed pushes to the remote storage in the operations log.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.push_failures)); }},
        {"girofle_remote_push_last_failure_timestamp_seconds", "gauge",
         "Unix time of the last failed push to the remote storage.",
         [](const InstanceFacts& f) { return present(f.last_push_failure_seconds); }},
        {"girofle_remote_pending_pushes", "gauge", "Local snapshots waiting to be pushed by the next backup --remote.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.pending_pushes)); }},
        {"girofle_hook_failures_total", "counter", "Hooks that failed around backups and restores.",
         [](const InstanceFacts& f) { return std::optional(std::to_string(f.hook_failures)); }},
    };
    return all;
}

// The newest snapshot's figures; the added bytes compare it with the one before only, since
// walking every snapshot after each command would cost more than the figure is worth.
void add_snapshot_facts(InstanceFacts& facts, const SnapshotStore& store, Reporter& reporter) {
    auto entries = store.list();
    if (!entries) {
        reporter.warn("metrics: " + entries.error().message());
        return;
    }
    facts.snapshots = entries->size();
    std::vector<SnapshotEntry> usable;
    for (const auto& entry : *entries)
        if (entry.manifest) usable.push_back(entry);
    if (usable.empty()) return;
    const auto& newest = *usable.back().manifest;
    facts.last_backup_success_seconds = manifest_time_seconds(newest.finished_at);
    facts.last_backup_freeze_window_seconds = static_cast<double>(newest.freeze_window_ms) / 1000;
    facts.last_backup_size_bytes = newest.bytes;
    // Recorded by the backup: walking the two newest snapshots after every command cost as
    // much as a remote push of an unchanged snapshot. Older snapshots lack it and are walked.
    if (newest.added_bytes) {
        facts.last_backup_added_bytes = newest.added_bytes;
        return;
    }
    std::vector<SnapshotEntry> pair(usable.end() - std::min<std::size_t>(usable.size(), 2), usable.end());
    if (auto added = store.added_bytes(pair); added && !added->empty()) facts.last_backup_added_bytes = added->back();
}

// A drill's line of the log into its series: the local drills' or the remote drills'.
void count_drill(const HistoryEntry& entry, double time, std::uint64_t& failures, std::optional<double>& last_failure,
                 std::optional<double>& last_success, std::optional<double>& last_duration) {
    if (entry.failed()) {
        ++failures;
        last_failure = time;
    } else {
        last_success = time;
    }
    if (entry.duration_ms) last_duration = static_cast<double>(*entry.duration_ms) / 1000;
}

}  // namespace

void add_history_facts(std::vector<InstanceFacts>& facts, const std::vector<HistoryEntry>& history) {
    std::map<std::uint64_t, InstanceFacts*> by_number;
    for (auto& instance : facts) by_number[instance.number] = &instance;
    for (const auto& entry : history) {
        if (!entry.instance) continue;
        auto found = by_number.find(*entry.instance);
        if (found == by_number.end()) continue;
        InstanceFacts& instance = *found->second;
        const double time = unix_seconds(entry.time);
        if (entry.operation == "backup") {
            if (entry.failed()) {
                ++instance.backup_failures;
                instance.last_backup_failure_seconds = time;
            } else if (entry.outcome == "ok" && entry.duration_ms) {
                instance.last_backup_duration_seconds = static_cast<double>(*entry.duration_ms) / 1000;
            }
        } else if (entry.operation == "drill") {
            count_drill(entry, time, instance.drill_failures, instance.last_drill_failure_seconds,
                        instance.last_drill_success_seconds, instance.last_drill_duration_seconds);
        } else if (entry.operation == "drill --from-remote") {
            count_drill(entry, time, instance.remote_drill_failures, instance.last_remote_drill_failure_seconds,
                        instance.last_remote_drill_success_seconds, instance.last_remote_drill_duration_seconds);
        } else if (entry.operation == "remote push") {
            if (entry.failed()) {
                ++instance.push_failures;
                instance.last_push_failure_seconds = time;
            } else if (entry.outcome == "ok") {  // not a refusal
                instance.last_push_success_seconds = time;
            }
        }
        // A failed pre hook is the operation's failure; a failed post hook is its own line.
        if (entry.failed() && entry.line.contains("hook")) ++instance.hook_failures;
    }
}

std::string render_metrics(const std::vector<InstanceFacts>& facts) {
    std::string text;
    for (const auto& family : families()) {
        std::string samples;
        for (const auto& instance : facts)
            if (auto value = family.sample(instance))
                samples += std::string(family.name) + "{number=\"" + std::to_string(instance.number) + "\",name=\"" +
                           label_value(instance.name) + "\"} " + *value + "\n";
        if (samples.empty()) continue;
        text += std::string("# HELP ") + family.name + " " + family.help + "\n# TYPE " + family.name + " " +
                family.type + "\n" + samples;
    }
    return text;
}

std::filesystem::path metrics_file(const Services& services) {
    const auto& directory = services.config.metrics_dir;
    return (directory.empty() ? services.layout.root() / "metrics" : directory) / kMetricsFileName;
}

Result<std::filesystem::path> write_metrics(Services& services) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    // One request for every container of the root (written after each command: an inspect per
    // record would cost one request per instance, hundreds on a large root).
    std::map<std::string, bool> running;  // container name -> runs unpaused
    auto containers = services.docker.list_container_summaries(
        {std::string(labels::kRoot) + "=" + services.layout.root().string()});
    if (containers)
        for (const auto& container : *containers) running.emplace(container.name, runs_unpaused(container));
    std::vector<InstanceFacts> facts;
    for (const auto& record : *records) {
        if (record.state == InstanceState::decommissioned) continue;
        InstanceFacts instance{.number = record.number, .name = record.name};
        if (containers) {  // Docker unreachable: up stays unknown
            auto found = running.find(record.container);
            instance.up = found != running.end() && found->second;
        }
        add_snapshot_facts(instance, SnapshotStore(services.layout.backups(record.number)), services.reporter);
        if (auto pending = PendingPushes(services.layout.instance_directory(record.number)).load())
            instance.pending_pushes = pending->size();
        facts.push_back(std::move(instance));
    }
    auto history = read_history(services.layout.operations_log());
    if (!history) return std::unexpected(history.error());
    add_history_facts(facts, history->entries);

    const auto file = metrics_file(services);
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) return fail(ErrorKind::failed, file.parent_path().string(), "cannot create: " + error.message());
    if (auto written = write_file_atomically(file, render_metrics(facts), 0644); !written)
        return std::unexpected(written.error());
    return file;
}

}  // namespace girofle
