#include "core/operations/doctor.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "core/backup/freeze_guard.hpp"
#include "core/backup/snapshot_id.hpp"
#include "core/backup/snapshot_method.hpp"
#include "core/backup/snapshot_store.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/inventory/inventory_doctor.hpp"
#include "core/operations/fix_command.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/operations/schedule.hpp"
#include "core/schedule/schedule_file.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kGiB = 1ull << 30;
// A scheduled backup that started this long after its time is not late yet.
constexpr auto kBackupGrace = 1h;
constexpr auto kUnscheduledBackupAge = 24h;
// Issue 10: an instance with no successful drill in this long is a problem.
constexpr auto kDrillMaxAge = std::chrono::days(14);

std::string gibibytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / kGiB);
    return text;
}

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

Finding check_docker(Services& services) {
    auto version = services.docker.version();
    if (!version)
        return {"docker", Verdict::problem, version.error().message(),
                "systemctl enable --now docker (or start dockerd)"};
    return {"docker", Verdict::ok, "Docker Engine " + version->version + ", API " + version->api_version, ""};
}

std::vector<Finding> check_root(const RootLayout& layout) {
    const auto& root = layout.root();
    struct stat info {};
    if (::stat(root.c_str(), &info) != 0)
        return {{"root", Verdict::warning,
                 root.string() + " does not exist yet (the first commission creates it)",
                 "mkdir -m 0750 " + shell_word(root.string())}};
    std::vector<Finding> findings;
    if ((info.st_mode & 0007) != 0)
        findings.push_back(
            {"root", Verdict::problem,
             root.string() + " is open to other users, and backups hold GitLab's secrets",
             "chmod o-rwx " + shell_word(root.string())});
    else if (::access(root.c_str(), W_OK) != 0)
        findings.push_back({"root", Verdict::problem, root.string() + " is not writable by this user",
                            "run Girofle as the owner of " + root.string() + " or as root"});
    else
        findings.push_back({"root", Verdict::ok,
                            root.string() + ", owner " + std::to_string(info.st_uid) + ", mode " + octal_mode(info.st_mode),
                            ""});
    auto space = free_space(root);
    if (!space) {
        findings.push_back({"space", Verdict::problem, space.error().message(), ""});
    } else {
        const std::string detail = gibibytes(space->available_bytes) + " free of " + gibibytes(space->total_bytes);
        const bool low = space->available_bytes < kGiB || space->available_bytes * 10 < space->total_bytes;
        findings.push_back({"space", low ? Verdict::warning : Verdict::ok, detail,
                            low ? "free space on the filesystem of " + root.string() +
                                      ", or lower the retention in " + layout.config_file().string()
                                : ""});
    }
    return findings;
}

std::vector<Finding> check_network(Services& services, const std::vector<InstanceRecord>& records) {
    std::vector<Finding> findings;
    auto addresses = services.network.ipv4_addresses();
    if (!addresses) {
        findings.push_back({"addresses", Verdict::problem, addresses.error().message(), ""});
    } else {
        std::string listing;
        int usable = 0;
        for (const auto& address : *addresses) {
            std::string holder;
            for (const auto& record : records)
                if (record.holds_address() && record.ip == address.address) holder = " (instance " + std::to_string(record.number) + ")";
            listing += (listing.empty() ? "" : ", ") + address.interface + " " + address.address + holder;
            if (!address.loopback) ++usable;
        }
        const bool none = usable == 0 && services.config.address_pool.empty();
        findings.push_back({"addresses", none ? Verdict::warning : Verdict::ok, listing,
                            none ? "add one address per instance, e.g. ip addr add ADDRESS/24 dev IFACE" : ""});
    }
    auto sockets = services.network.listening_tcp_sockets();
    if (!sockets) {
        findings.push_back({"port 22", Verdict::problem, sockets.error().message(), ""});
        return findings;
    }
    bool wildcard_ssh = false;
    for (const auto& socket : *sockets)
        if (socket.port == 22 && (socket.address == "0.0.0.0" || socket.address == "::")) wildcard_ssh = true;
    if (wildcard_ssh)
        findings.push_back({"port 22", Verdict::problem,
                            "a program (the host's sshd?) listens on port 22 of every address, so no instance can "
                            "publish git over SSH on its own",
                            "set ListenAddress to the host's administration address in /etc/ssh/sshd_config, then "
                            "systemctl restart sshd"});
    else
        findings.push_back({"port 22", Verdict::ok, "not held on every address", ""});
    return findings;
}

Finding check_cron(const DoctorProbes& probes, bool schedules_exist) {
    if (!probes.cron_running) return {"cron", Verdict::warning, "cannot tell whether cron runs", ""};
    auto running = probes.cron_running();
    if (!running) return {"cron", Verdict::warning, "cannot tell whether cron runs: " + running.error().message(), ""};
    if (*running) return {"cron", Verdict::ok, "a cron daemon runs", ""};
    return {"cron", schedules_exist ? Verdict::problem : Verdict::warning,
            "no cron daemon runs, so no scheduled backup will", "systemctl enable --now cron (crond on EL)"};
}

Finding check_schedule(const Services& services, const InstanceRecord& record) {
    const std::string object = record.label();
    const std::string number = std::to_string(record.number);
    const auto& schedule = record.schedule;
    if (schedule.cron.empty())
        return {"schedule", Verdict::problem, object + " has no backup schedule",
                girofle_command(services.layout, "schedule set " + number + " " +
                                                     shell_word(services.config.backup_schedule))};
    if (!schedule.enabled())
        return {"schedule", Verdict::warning, object + ": scheduled backups are turned off",
                girofle_command(services.layout, "schedule set " + number + " " +
                                                     shell_word(services.config.backup_schedule))};
    const auto view = view_schedule(services, record);
    if (view.file_state == ScheduleFileState::current)
        return {"schedule", Verdict::ok,
                object + ": " + shell_word(schedule.cron) + " in " + view.file.string(), ""};
    return {"schedule", Verdict::problem,
            object + ": its schedule file " + view.file.string() +
                (view.file_state == ScheduleFileState::absent ? " is missing"
                                                              : " does not match its schedule"),
            girofle_command(services.layout, "schedule set " + number + " " +
                                                 shell_word(schedule.cron) +
                                                 (schedule.remote ? " --remote" : ""))};
}

// Which method freeze backups of the instance get, and why (DESIGN.md §13); `container` is
// its container as check_running inspected it.
Finding check_snapshot_method(Services& services, const InstanceRecord& record,
                              const Result<ContainerInfo>& container) {
    const auto volumes = services.layout.instance_directory(record.number) / "mapping-volumes";
    if (!is_directory_quietly(volumes))
        return {"snapshot method", Verdict::problem, record.label() + ": its volumes " + volumes.string() + " are missing",
                ""};
    const auto choice = choose_snapshot_method(services.snapshots, volumes);
    std::string pause;
    if (container && container->running) pause = "; paused with " + choose_freeze(services, *container).description;
    return {"snapshot method", Verdict::ok,
            record.label() + ": " + to_string(choice.method) + ": " + choice.reason + pause, ""};
}

Finding check_backup_age(const Services& services, const InstanceRecord& record) {
    const std::string object = record.label();
    const std::string fix =
        girofle_command(services.layout, "backup " + std::to_string(record.number));
    const auto now = services.clock.now();
    std::optional<std::chrono::system_clock::time_point> due;
    if (record.schedule.enabled())
        if (auto expression = CronExpression::parse(record.schedule.cron))
            due = expression->last_at_or_before(now - kBackupGrace);
    if (record.last_backup.empty()) {
        // A new instance is not late before its first scheduled run has come.
        auto created = parse_rfc3339_utc(record.created_at);
        if (due && created && *created > *due)
            return {"backup", Verdict::ok, object + ": not backed up yet; its first scheduled backup is to come", ""};
        return {"backup", Verdict::problem, object + " was never backed up", fix};
    }
    auto taken = snapshot_time(record.last_backup);
    if (!taken) return {"backup", Verdict::warning, object + ": cannot read the time of backup " + record.last_backup, fix};
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(now - *taken).count();
    const std::string age = object + ": last backup " + record.last_backup + " (" + std::to_string(hours) + " h ago)";
    const bool late = due ? *taken < *due : now - *taken > kUnscheduledBackupAge;
    if (!late) return {"backup", Verdict::ok, age, ""};
    return {"backup", Verdict::problem,
            age + (due ? ", missed the run due " + rfc3339_utc(*due) + " (see " +
                             (services.layout.logs() / "cron.log").string() + ")"
                       : ", older than a day"),
            fix};
}

// A backup nobody restored is a hope: some snapshot must have passed a drill lately. A new
// instance has the same time to get its first.
Finding check_drill_age(const Services& services, const InstanceRecord& record) {
    const std::string object = record.label();
    const std::string fix =
        girofle_command(services.layout, "drill " + std::to_string(record.number));
    const auto now = services.clock.now();
    auto snapshots = SnapshotStore(services.layout.backups(record.number)).list();
    if (!snapshots) return {"drill", Verdict::warning, snapshots.error().message(), ""};
    std::optional<std::chrono::system_clock::time_point> last_passed;
    const SnapshotEntry* last_drilled = nullptr;  // snapshots are listed oldest first
    for (const auto& entry : *snapshots) {
        if (!entry.drill) continue;
        last_drilled = &entry;
        if (entry.drill->passed())
            if (auto at = parse_rfc3339_utc(entry.drill->started_at); at && (!last_passed || *at > *last_passed))
                last_passed = at;
    }
    // The newest snapshot drilled did not come back whole: say so whatever older ones proved.
    if (last_drilled && !last_drilled->drill->passed())
        return {"drill", Verdict::problem,
                object + ": the drill of its backup " + last_drilled->id + " failed: " +
                    last_drilled->drill->first_failure(),
                fix};
    if (last_passed && now - *last_passed <= kDrillMaxAge)
        return {"drill", Verdict::ok,
                object + ": last drill passed " + rfc3339_utc(*last_passed), ""};
    auto created = parse_rfc3339_utc(record.created_at);
    if (!last_passed && created && now - *created <= kDrillMaxAge)
        return {"drill", Verdict::ok, object + ": no drill yet; its first is due within 14 days of its creation", ""};
    return {"drill", Verdict::problem,
            object + ": no drill passed in 14 days" +
                (last_passed ? " (last passed " + rfc3339_utc(*last_passed) + ")" : " (none ever passed)"),
            fix};
}

// The hourly doctor run is what announces problems without an operator (schedule_file.hpp).
Finding check_doctor_run(const Services& services, const std::vector<InstanceRecord>& records) {
    const auto path = doctor_schedule_file_path(services.cron, services.layout);
    auto content = read_text_file(path);
    if (content && *content == render_doctor_schedule_file(services.cron, services.layout))
        return {"doctor run", Verdict::ok, "hourly, " + path.string(), ""};
    for (const auto& record : records)
        if (record.state == InstanceState::active && record.schedule.enabled())
            return {
                "doctor run", Verdict::warning,
                path.string() + (content ? " is not as Girofle wrote it" : " is missing") +
                    ": late backups and other problems are announced only when doctor --notify "
                    "runs",
                girofle_command(services.layout, "schedule set " + std::to_string(record.number) +
                                                     " " + shell_word(record.schedule.cron) +
                                                     (record.schedule.remote ? " --remote" : ""))};
    return {"doctor run", Verdict::ok, "none (no instance has a backup schedule)", ""};
}

// The operation holding the instance's lock ("backup (pid 7539) is in progress"), if one does:
// what it does to GitLab meanwhile (pause, freeze, stop) is its own, not left behind. Asked
// only when something looks left behind, so a healthy instance's lock is never taken.
std::optional<std::string> operation_in_progress(Services& services, const InstanceRecord& record) {
    auto lock = services.inventory.lock(record.number, "doctor");
    if (lock || lock.error().kind != ErrorKind::busy) return std::nullopt;
    std::string holder = lock.error().cause;
    if (holder.starts_with("busy: ")) holder.erase(0, 6);
    if (auto end = holder.find("; try again later"); end != std::string::npos) holder.erase(end);
    return holder;
}

// An active instance must run: one that an interrupted operation left down, paused or frozen
// is a problem the next operation (or doctor --fix) repairs; one its operator stopped is said,
// and left alone; one its operator paused is a problem Girofle leaves alone too: its backups
// are cold copies meanwhile, and its restore and decommission refuse. `info` is the instance's
// container, inspected.
Finding check_running(Services& services, const InstanceRecord& record, const Result<ContainerInfo>& info) {
    const std::string object = record.label();
    const bool journal = exists_quietly(journal_path(services.layout, record.number));
    if (!info && info.error().kind != ErrorKind::not_found)
        return {"running", Verdict::warning, object + ": " + info.error().message(), ""};
    std::string left;  // what an interrupted operation may have left
    if (info && info->paused) left = "left GitLab paused";
    // Frozen behind Docker's back: Docker says running.
    else if (auto cgroup = info ? frozen_behind_dockers_back(services, *info) : std::nullopt)
        left = "left GitLab frozen (" + cgroup->describe() + ")";
    else if (journal)
        left = info ? "left it " + info->status : "left it without its container";
    if (!left.empty()) {
        if (auto holder = operation_in_progress(services, record))
            return {"running", Verdict::ok, object + ": " + (info ? info->status : "no container") + " while " + *holder,
                    ""};
        if (auto held = info ? held_still_by_someone_else(services, record, *info) : std::nullopt)
            return {"running", Verdict::problem,
                    object + ": " + held->how +
                        " (Girofle leaves it so: backups are cold copies meanwhile)",
                    held->release};
        return {"running", Verdict::problem, object + ": an interrupted Girofle operation " + left,
                girofle_command(services.layout, "doctor --fix")};
    }
    if (!info)
        return {"running", Verdict::problem,
                object + ": its container " + record.container + " is gone",
                girofle_command(services.layout, "restore " + std::to_string(record.number))};
    if (!info->running)
        return {"running", Verdict::warning,
                object + ": its container is " + info->status + " (stopped by its operator: Girofle leaves it so)",
                "docker start " + record.container};
    return {"running", Verdict::ok, object + ": " + info->status, ""};
}

// Names outside the root are shared by every root on the host: show the other roots' ones,
// which this root never touches.
std::vector<Finding> check_other_roots(Services& services) {
    std::vector<Finding> findings;
    std::error_code error;
    for (std::filesystem::directory_iterator it(services.cron.directory, error), end; !error && it != end;
         it.increment(error)) {
        const auto name = it->path().filename().string();
        if (!name.starts_with("girofle-")) continue;
        auto content = read_text_file(it->path());
        if (content && !schedule_file_belongs_to(*content, services.layout))
            findings.push_back({"other roots", Verdict::ok,
                                "schedule file " + it->path().string() + " belongs to another Girofle root; left alone", ""});
    }
    if (auto containers = services.docker.list_containers({labels::kRoot}, true))
        for (const auto& container : *containers)
            if (container.labels.at(labels::kRoot) != services.layout.root().string())
                findings.push_back({"other roots", Verdict::ok,
                                    "container " + container.name + " belongs to the Girofle root " +
                                        container.labels.at(labels::kRoot) + "; left alone",
                                    ""});
    return findings;
}

}  // namespace

std::vector<std::string> repair_interrupted_operations(Services& services) {
    std::vector<std::string> failures;
    auto records = services.inventory.list();
    if (!records) return {records.error().message()};
    for (const auto& record : *records) {
        if (!exists_quietly(journal_path(services.layout, record.number))) continue;
        auto lock = services.inventory.lock(record.number, "doctor --fix");
        if (!lock) {
            failures.push_back(lock.error().message());
            continue;
        }
        if (auto recovered = recover_interrupted_operation(services, record); !recovered)
            failures.push_back(recovered.error().message());
    }
    return failures;
}

const char* to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::ok: return "ok";
        case Verdict::warning: return "warning";
        case Verdict::problem: return "problem";
    }
    return "problem";
}

std::vector<Finding> run_doctor(Services& services, const DoctorProbes& probes) {
    std::vector<Finding> findings = {check_docker(services)};
    for (auto& finding : check_root(services.layout)) findings.push_back(std::move(finding));
    for (auto& finding : inventory_findings(services.inventory)) findings.push_back(std::move(finding));
    std::vector<InstanceRecord> records;
    if (!services.inventory.host_id().empty() || exists_quietly(services.layout.inventory())) {
        auto listed = services.inventory.list();
        if (listed) records = std::move(*listed);
        else findings.push_back({"inventory", Verdict::problem, listed.error().message(), ""});
    }
    for (auto& finding : check_network(services, records)) findings.push_back(std::move(finding));
    bool schedules_exist = false;
    for (const auto& record : records)
        schedules_exist = schedules_exist || (record.state == InstanceState::active && record.schedule.enabled());
    findings.push_back(check_cron(probes, schedules_exist));
    findings.push_back(check_doctor_run(services, records));
    for (const auto& record : records) {
        if (record.state != InstanceState::active) continue;
        const auto container = services.docker.inspect_container(record.container);
        for (auto finding : {check_running(services, record, container), check_schedule(services, record),
                             check_snapshot_method(services, record, container), check_backup_age(services, record),
                             check_drill_age(services, record)}) {
            finding.instance = record.number;
            findings.push_back(std::move(finding));
        }
    }
    for (auto& finding : check_other_roots(services)) findings.push_back(std::move(finding));
    return findings;
}

}  // namespace girofle
