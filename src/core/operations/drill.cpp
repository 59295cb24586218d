#include "core/operations/drill.hpp"

#include <regex>

#include "core/backup/snapshot_store.hpp"
#include "core/drill/expected_contents.hpp"
#include "core/drill/push_agreement.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/inventory/instance_host.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/operations/remote_drill.hpp"
#include "core/operations/restore.hpp"
#include "core/operations/verify.hpp"
#include "core/readiness.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

constexpr auto kQueryTimeout = 120s;
constexpr auto kFsckTimeout = std::chrono::seconds(3600);
const std::string kRepositoriesInContainer = std::string("/var/opt/gitlab/") + kRepositoriesUnderData;

std::string drill_container_name(const InstanceRecord& record) { return record.container + "-drill"; }

// The first problem, and how many more there are.
std::string first_of(const std::vector<std::string>& problems) {
    return problems.front() + (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : "");
}

ContainerSpec drill_container_spec(const SnapshotManifest& manifest, const RootLayout& layout,
                                   const std::filesystem::path& scratch, const std::string& name) {
    ContainerSpec spec;
    spec.name = name;
    spec.image = manifest.image_reference;
    spec.hostname = manifest.instance.hostname;
    // The recorded URL, so that GitLab configures itself as the instance; nothing can reach it.
    spec.env = {"GITLAB_OMNIBUS_CONFIG=" + omnibus_config_for(manifest.instance)};
    spec.network_mode = "none";
    spec.mounts = {{(scratch / "config").string(), "/etc/gitlab"},
                   {(scratch / "data").string(), "/var/opt/gitlab"},
                   {(scratch / "log").string(), "/var/log/gitlab"}};
    spec.labels = {{labels::kDrillRoot, layout.root().string()},
                   {labels::kDrillInstance, std::to_string(manifest.instance.number)}};
    spec.restart_policy = "no";
    return spec;
}

// The checks run inside the throwaway container, each appended to the report.
class DrillChecks {
public:
    DrillChecks(Services& services, std::string container, DrillReport& report)
        : services_(services), container_(std::move(container)), report_(report) {}

    void add(std::string name, bool passed, std::string detail) {
        report_.checks.push_back({std::move(name), passed, std::move(detail)});
    }

    // argv inside the container; a failed exec is a failed check's detail.
    std::optional<ExecResult> run(const std::vector<std::string>& argv, std::chrono::seconds timeout,
                                  const std::string& check) {
        auto ran = services_.docker.exec(container_, argv, timeout);
        if (!ran) {
            add(check, false, ran.error().message());
            return std::nullopt;
        }
        return *ran;
    }

    void database(const ExpectedContents& expected) {
        auto up = run({"gitlab-psql", "-At", "-c", "SELECT 1"}, kQueryTimeout, "database recovered");
        if (!up) return;
        if (up->exit_code != 0) {
            add("database recovered", false, "gitlab-psql failed: " + tail_of(up->err + up->out));
            return;
        }
        add("database recovered", true, "PostgreSQL answers");
        if (!expected.push_events_at_least) return;
        auto count = count_push_events(services_.docker, container_, kQueryTimeout);
        const bool kept = count && *count >= *expected.push_events_at_least;
        add("push events kept", kept,
            (count ? std::to_string(*count) : std::string("no count")) + " rows; the backup counted " +
                std::to_string(*expected.push_events_at_least) + " before GitLab was frozen");
    }

    void repositories(const std::filesystem::path& scratch_repositories, const ExpectedContents& expected,
                      RepositoryRefs& found) {
        auto read = read_repository_refs(services_.processes, scratch_repositories);
        if (!read) {
            add("repositories readable", false, read.error().message());
            return;
        }
        found = std::move(*read);
        for (const auto& [path, refs] : found) {
            const std::string check = "fsck " + path;
            auto fsck = run({"git", "-c", "safe.directory=*", "-C", kRepositoriesInContainer + "/" + path, "fsck",
                             "--no-progress", "--no-dangling"},
                            kFsckTimeout, check);
            if (fsck) add(check, fsck->exit_code == 0, fsck->exit_code == 0 ? "clean" : tail_of(fsck->err + fsck->out));
        }
        if (!expected.refs_recorded) return;
        for (const auto& [path, recorded] : expected.repositories) {
            auto restored = found.find(path);
            if (restored == found.end()) {
                add("refs " + path, false, "repository missing from the restored data");
                continue;
            }
            add("refs " + path, restored->second == recorded, compare_refs(recorded, restored->second));
        }
        for (const auto& [path, refs] : found)
            if (!expected.repositories.contains(path))
                add("refs " + path, false, "repository not in the backup's record (" + std::to_string(refs.size()) + " refs)");
    }

    void push_agreement(const RepositoryRefs& found, DatabaseTiming timing) {
        const std::string check = "push events agree with refs";
        auto readable = run({"gitlab-psql", "-At", "-c", kPushEventsReadableSql}, kQueryTimeout, check);
        if (!readable) return;
        if (readable->exit_code == 0 && readable->out.starts_with("0")) {
            report_.checks.push_back({check, false,
                                      "not checked: this image keeps pushes in GitLab's own schema (events joined to "
                                      "push_event_payloads), which drills do not read yet",
                                      true});
            return;
        }
        auto rows = run({"gitlab-psql", "-At", "-F", "\t", "-c", kPushEventsSql}, kQueryTimeout, check);
        if (!rows) return;
        if (rows->exit_code != 0) {
            add(check, false, "gitlab-psql failed: " + tail_of(rows->err + rows->out));
            return;
        }
        const auto events = parse_push_events(rows->out);
        const auto problems = push_event_disagreements(events, found, timing);
        add(check, problems.empty(),
            problems.empty() ? std::to_string(events.size()) + " push events, every ref where they put it"
                             : first_of(problems));
    }

    // Read before GitLab starts on the copy: a GitLab that finds none makes a new one.
    void secrets_file(const std::filesystem::path& scratch_config) {
        auto text = read_text_file(scratch_config / "gitlab-secrets.json");
        const bool parsed = text && nlohmann::json::parse(*text, nullptr, false).is_object();
        add("secrets file", parsed,
            !text ? "config/gitlab-secrets.json: " + text.error().cause
                  : parsed ? "config/gitlab-secrets.json present" : "config/gitlab-secrets.json: not a JSON object");
    }

    void secrets_decrypt() {
        const std::string check = "secrets decrypt";
        auto doctor = run({"gitlab-rake", "gitlab:doctor:secrets"}, kFsckTimeout, check);
        if (!doctor) return;
        // The task reports "- Model failures: N" per model and exits 0 either way.
        static const std::regex failures(R"(failures: *([1-9][0-9]*))");
        std::smatch found;
        const std::string output = doctor->out + doctor->err;
        if (doctor->exit_code != 0)
            add(check, false, "gitlab-rake gitlab:doctor:secrets failed: " + tail_of(output));
        else if (std::regex_search(output, found, failures))
            add(check, false, "gitlab-rake gitlab:doctor:secrets: " + found.str(0) + " (values the secrets cannot decrypt)");
        else
            add(check, true, "gitlab-rake gitlab:doctor:secrets found no failure");
    }

private:
    static std::string compare_refs(const RefMap& recorded, const RefMap& restored) {
        for (const auto& [ref, id] : recorded) {
            auto found = restored.find(ref);
            if (found == restored.end()) return ref + " is missing (recorded at " + id + ")";
            if (found->second != id) return ref + " is at " + found->second + ", the backup recorded " + id;
        }
        for (const auto& [ref, id] : restored)
            if (!recorded.contains(ref)) return ref + " is not in the backup's record";
        return std::to_string(recorded.size()) + " refs as recorded";
    }

    Services& services_;
    std::string container_;
    DrillReport& report_;
};

Result<DrillOutcome> drill_locked(Services& services, const InstanceRecord& record, const DrillOptions& options) {
    const std::string object = record.label();
    SnapshotStore store(services.layout.backups(record.number));
    auto entry = find_or_newest_usable(store, options.backup_id, object);
    if (!entry) return std::unexpected(entry.error());
    if (!entry->manifest)
        return fail(ErrorKind::failed, "backup " + entry->id, "manifest unreadable: " + entry->manifest_error);
    const SnapshotManifest& manifest = *entry->manifest;
    if (auto image = check_restore_image(services, manifest); !image) return std::unexpected(image.error());

    DrillReport report{entry->id, rfc3339_utc(services.clock.now()), 0, {}};
    const auto started = services.clock.monotonic();
    const auto scratch = services.layout.instance_directory(record.number) / (kDrillScratchPrefix + entry->id);

    services.reporter.progress(object + ": verifying backup " + entry->id);
    auto verification = verify_snapshot(services, store, *entry);
    if (!verification) return std::unexpected(verification.error());
    report.checks.push_back({"checksums", verification->ok,
                             verification->ok ? std::to_string(verification->files_checked) + " files as recorded"
                                              : first_of(verification->problems)});
    {
        // Whatever happens below, the scratch copy goes.
        UndoStack cleanup;
        cleanup.push([&] {
            std::error_code ignored;
            std::filesystem::remove_all(scratch, ignored);
        });
        if (auto space = check_restore_space(scratch.parent_path(), manifest, object); !space)
            return std::unexpected(space.error());
        services.reporter.progress(object + ": copying backup " + entry->id + " to " + scratch.string());
        if (auto copied = copy_snapshot_into(services, entry->directory, scratch); !copied)
            return std::unexpected(copied.error().about(object));
        if (auto checked = drill_scratch_copy(services, record, manifest, scratch, report); !checked)
            return std::unexpected(checked.error());
    }
    report.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(services.clock.monotonic() - started).count();
    if (auto written = write_drill_report(entry->directory, report); !written)
        return std::unexpected(written.error().about(object));
    services.reporter.record({{"operation", "drill"},
                              {"instance", record.number},
                              {"backup", entry->id},
                              {"duration_ms", report.duration_ms},
                              {"checks", report.checks.size()},
                              {"outcome", report.passed() ? "ok" : "failed"},
                              {"error", report.first_failure()}});
    return DrillOutcome{record, report, "", ""};
}

}  // namespace

Result<void> drill_scratch_copy(Services& services, const InstanceRecord& record, const SnapshotManifest& manifest,
                                const std::filesystem::path& scratch, DrillReport& report) {
    const std::string object = record.label();
    const std::string container = drill_container_name(record);
    DrillChecks checks(services, container, report);
    checks.secrets_file(scratch / "config");
    // Whatever happens below, the throwaway container goes.
    UndoStack cleanup;
    auto created = services.docker.create_container(drill_container_spec(manifest, services.layout, scratch, container));
    if (!created) return std::unexpected(created.error().about(object + "'s drill"));
    cleanup.push([&services, id = *created] { services.docker.remove_container(id, true); });
    if (auto running = services.docker.start_container(*created); !running)
        return std::unexpected(running.error().about(object + "'s drill"));
    services.reporter.progress(object + ": waiting for the drill's GitLab to be ready");
    auto ready = wait_until_ready(services.docker, services.clock, services.reporter,
                                  {*created, object + "'s drill", services.config.readiness_timeout});
    checks.add("container ready", ready.has_value(), ready ? "ready" : ready.error().cause);
    if (ready && manifest.strategy == "app") {
        InstanceRecord throwaway = manifest.instance;
        throwaway.container = container;
        auto restored = run_app_restore(services, throwaway, manifest);
        checks.add("gitlab-backup restore", restored.has_value(), restored ? "done" : restored.error().cause);
        ready = restored;
    }
    if (!ready) return {};
    services.reporter.progress(object + ": checking the restored data");
    const auto& expected = manifest.expected;
    checks.database(expected);
    RepositoryRefs found;
    checks.repositories(scratch / "data" / kRepositoriesUnderData, expected, found);
    if (expected.push_events_at_least)
        checks.push_agreement(found, manifest.strategy == "app" ? DatabaseTiming::database_after_repositories
                                                                 : DatabaseTiming::same_instant);
    checks.secrets_decrypt();
    return {};
}

void remove_drill_leftovers(Services& services, const InstanceRecord& record) {
    const std::string object = record.label();
    auto containers = services.docker.list_containers(
        {std::string(labels::kDrillRoot) + "=" + services.layout.root().string(),
         std::string(labels::kDrillInstance) + "=" + std::to_string(record.number)},
        true);
    if (containers)
        for (const auto& container : *containers)
            if (services.docker.remove_container(container.id, true))
                services.reporter.warn(object + ": removed the container " + container.name + " of a drill that did not finish");
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator(services.layout.instance_directory(record.number), error)) {
        if (!item.path().filename().string().starts_with(kDrillScratchPrefix)) continue;
        std::error_code removed;
        std::filesystem::remove_all(item.path(), removed);
        services.reporter.warn(object + ": removed " + item.path().string() + ", left by a drill that did not finish" +
                               (removed ? " (not completely: " + removed.message() + ")" : ""));
    }
}

Result<DrillOutcome> drill(Services& services, const DrillOptions& options) {
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    auto record = find_instance_on_this_host(services.inventory, *records, options.instance, "drill");
    if (!record) return std::unexpected(record.error());
    auto lock = services.inventory.lock(record->number, "drill");
    if (!lock) return std::unexpected(lock.error());
    try {
        if (auto recovered = recover_interrupted_operation(services, *record); !recovered)
            return std::unexpected(recovered.error());
        if (options.from_remote) return drill_from_remote_locked(services, *record, options);
        return drill_locked(services, *record, options);
    } catch (const std::filesystem::filesystem_error& error) {
        return std::unexpected(filesystem_error(error).about(record->label()));
    }
}

}  // namespace girofle
