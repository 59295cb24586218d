// What Prometheus' node exporter shows of Girofle: a text-format file its textfile collector
// reads (https://prometheus.io/docs/instrumenting/exposition_formats/), rewritten whole after
// each command. Names follow Prometheus' conventions (base units, `_seconds`, `_bytes`,
// `_timestamp_seconds`, `_total` for counters); instances carry the labels `number` and `name`
// only, since `instance` and `job` belong to the scrape target.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/instance.hpp"
#include "core/observe/history.hpp"
#include "core/services.hpp"

namespace girofle {

// The facts about one instance the metrics are made of; absent facts give no sample.
struct InstanceFacts {
    std::uint64_t number = 0;
    std::string name;
    std::optional<bool> up;                                     // from Docker; absent: not asked
    std::size_t snapshots = 0;
    std::optional<double> last_backup_success_seconds;          // newest snapshot's finished_at, Unix time
    std::optional<double> last_backup_freeze_window_seconds;    // from the newest snapshot's manifest
    std::optional<std::uint64_t> last_backup_size_bytes;
    std::optional<std::uint64_t> last_backup_added_bytes;       // on disk beyond the previous snapshot
    std::optional<double> last_backup_duration_seconds;         // the operations log's last good backup
    std::uint64_t backup_failures = 0;
    std::optional<double> last_backup_failure_seconds;
    std::optional<double> last_push_success_seconds;
    std::uint64_t push_failures = 0;
    std::optional<double> last_push_failure_seconds;
    std::size_t pending_pushes = 0;
    std::uint64_t hook_failures = 0;
    std::optional<double> last_drill_success_seconds;           // the operations log's drills
    std::uint64_t drill_failures = 0;
    std::optional<double> last_drill_failure_seconds;
    std::optional<double> last_drill_duration_seconds;          // the last drill, passed or not
    // The same for drills of snapshots fetched from a remote (drill --from-remote), apart:
    // a passing local drill says nothing of the offsite copy.
    std::optional<double> last_remote_drill_success_seconds;
    std::uint64_t remote_drill_failures = 0;
    std::optional<double> last_remote_drill_failure_seconds;
    std::optional<double> last_remote_drill_duration_seconds;
};

// Folds the operations log into `facts` (matched by number): last good backup's duration,
// failure counts and times of backups, remote pushes, drills and hooks.
void add_history_facts(std::vector<InstanceFacts>& facts, const std::vector<HistoryEntry>& history);

// The whole file: HELP and TYPE once per family, families without samples left out.
std::string render_metrics(const std::vector<InstanceFacts>& facts);

// ROOT/metrics/girofle.prom, or girofle.prom in the configured metrics_dir.
std::filesystem::path metrics_file(const Services& services);

// Gathers the facts of every instance not decommissioned from the inventory, Docker, the
// snapshot stores, the pending pushes and the operations log, then replaces the file
// atomically (0644: the node exporter runs as its own user). Errors: the inventory cannot be
// read, or the file cannot be written.
Result<std::filesystem::path> write_metrics(Services& services);

}  // namespace girofle
