#include "core/operations/interrupted_operation.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/backup/freeze_guard.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/operations/drill.hpp"
#include "core/readiness.hpp"
#include "core/schedule/schedule_file.hpp"
#include "core/shell_word.hpp"

namespace girofle {
namespace {

nlohmann::json to_json(const OperationJournal& journal) {
    return {{"operation", journal.operation},
            {"pid", journal.pid},
            {"started_at", journal.started_at},
            {"stopped", journal.stopped},
            {"container_removed", journal.container_removed},
            {"set_aside", journal.set_aside.string()},
            {"incoming", journal.incoming.string()},
            {"paused", journal.paused}};
}

std::optional<OperationJournal> read_journal(const RootLayout& layout, std::uint64_t number) {
    auto text = read_text_file(journal_path(layout, number));
    if (!text) return std::nullopt;
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return OperationJournal{.operation = "an operation", .stopped = true};
    return OperationJournal{.operation = json.value("operation", "an operation"),
                            .pid = json.value("pid", 0L),
                            .started_at = json.value("started_at", ""),
                            .stopped = json.value("stopped", false),
                            .paused = json.value("paused", false),
                            .container_removed = json.value("container_removed", false),
                            .set_aside = json.value("set_aside", ""),
                            .incoming = json.value("incoming", "")};
}

// The volumes as they were before the interrupted restore; a half-done replacement is kept
// aside, never deleted, in case it is all someone has.
Result<void> put_volumes_back(const RootLayout& layout, std::uint64_t number, const OperationJournal& journal,
                              const std::string& object, std::string& done) {
    std::error_code error;
    if (!journal.incoming.empty()) std::filesystem::remove_all(journal.incoming, error);
    if (journal.set_aside.empty() || !exists_quietly(journal.set_aside)) return {};
    const auto volumes = layout.instance_directory(number) / "mapping-volumes";
    if (exists_quietly(volumes)) {
        auto kept = layout.instance_directory(number) / ("mapping-volumes.interrupted-" + std::to_string(journal.pid));
        std::filesystem::rename(volumes, kept, error);
        if (error) return fail(ErrorKind::failed, object, "cannot move the half-restored volumes aside: " + error.message());
    }
    std::filesystem::rename(journal.set_aside, volumes, error);
    if (error) return fail(ErrorKind::failed, object, "cannot move its volumes back from " + journal.set_aside.string() + ": " + error.message());
    done += "; put its volumes back";
    return {};
}

// A killed freeze backup's pause or freeze, undone. Says what it did in `done`.
Result<void> resume_left_paused(Services& services, const Result<ContainerInfo>& info,
                                const std::string& object, std::string& done) {
    if (!info) return {};
    if (info->paused) {
        if (auto resumed = services.docker.unpause_container(info->id); !resumed)
            return std::unexpected(resumed.error().about(object));
        done += "; resumed the GitLab it left paused";
        return {};
    }
    auto thawed = thaw_if_left_frozen(services, *info);
    if (!thawed) return std::unexpected(thawed.error().about(object));
    if (*thawed) done += "; thawed the GitLab it left frozen";
    return {};
}

}  // namespace

std::filesystem::path journal_path(const RootLayout& layout, std::uint64_t number) {
    return layout.instance_directory(number) / "operation-in-progress.json";
}

Result<void> write_journal(const Services& services, std::uint64_t number, const OperationJournal& journal) {
    OperationJournal stamped = journal;
    stamped.pid = ::getpid();
    if (stamped.started_at.empty()) stamped.started_at = rfc3339_utc(services.clock.now());
    return write_file_atomically(journal_path(services.layout, number), to_json(stamped).dump(), 0600);
}

void clear_journal(const Services& services, std::uint64_t number) {
    std::error_code ignored;
    std::filesystem::remove(journal_path(services.layout, number), ignored);
}

Result<void> recover_interrupted_operation(Services& services, const InstanceRecord& record) {
    const std::string object = record.label();
    remove_drill_leftovers(services, record);
    auto journal = read_journal(services.layout, record.number);
    if (!journal) return {};
    auto info = services.docker.inspect_container(record.container);
    std::string done;
    if (journal->paused)
        if (auto resumed = resume_left_paused(services, info, object, done); !resumed)
            return resumed;
    if (auto volumes = put_volumes_back(services.layout, record.number, *journal, object, done); !volumes)
        return volumes;
    // A freeze backup neither stops GitLab nor removes its container: nothing more to put back.
    if (record.state == InstanceState::active && !journal->paused) {
        if (!info && info.error().kind == ErrorKind::not_found) {
            auto spec = gitlab_container_spec(record, services.layout, services.config.stop_timeout);
            auto created = services.docker.create_container(spec);
            if (!created) return std::unexpected(created.error().about(object));
            done += "; recreated its container";
            info = services.docker.inspect_container(*created);
        }
        if (!info) return std::unexpected(info.error().about(object));
        if (info->running && journal->stopped) {
            // The stop Girofle asked for outlives the killed process in the engine and may still
            // be under way: let it end (a second stop waits for it), then start again.
            if (auto stopped = services.docker.stop_container(info->id, services.config.stop_timeout); !stopped)
                return std::unexpected(stopped.error().about(object));
            info = services.docker.inspect_container(info->id);
            if (!info) return std::unexpected(info.error().about(object));
        }
        if (!info->running) {
            if (auto started = services.docker.start_container(info->id); !started)
                return std::unexpected(started.error().about(object));
            done += "; started GitLab again";
        }
        if (auto ready = wait_until_ready(services.docker, services.clock, services.reporter,
                                          {info->id, object, services.config.readiness_timeout});
            !ready)
            return ready;
        if (auto scheduled = apply_schedule_file(services.cron, services.layout, record); !scheduled)
            services.reporter.warn(scheduled.error().message());
    }
    clear_journal(services, record.number);
    services.reporter.warn(object + ": " + journal->operation + " (pid " + std::to_string(journal->pid) +
                           ") was interrupted" + (done.empty() ? "; nothing was left to repair" : done));
    services.reporter.record({{"operation", "recovery"},
                              {"instance", record.number},
                              {"interrupted", journal->operation},
                              {"repaired", done.empty() ? "" : done.substr(2)},
                              {"outcome", "ok"}});
    return {};
}

std::optional<HeldStill> held_still_by_someone_else(Services& services,
                                                    const InstanceRecord& record,
                                                    const ContainerInfo& container) {
    auto journal = read_journal(services.layout, record.number);
    if (journal && journal->paused) return std::nullopt;  // a freeze backup's own
    if (container.paused)
        return HeldStill{"GitLab is paused (docker pause), not by Girofle",
                         "docker unpause " + record.container};
    auto cgroup = frozen_behind_dockers_back(services, container);
    if (!cgroup) return std::nullopt;
    return HeldStill{"GitLab is frozen (" + cgroup->describe() + "), not by Girofle",
                     "echo " + cgroup->thaw_word() + " > " + shell_word(cgroup->control_file().string())};
}

Result<void> refuse_if_held_still_by_someone_else(Services& services,
                                                  const InstanceRecord& record) {
    auto info = services.docker.inspect_container(record.container);
    if (!info) return {};
    auto held = held_still_by_someone_else(services, record, *info);
    if (!held) return {};
    return fail(
        ErrorKind::conflict, record.label(),
        held->how + ", and Girofle leaves it so: run `" + held->release + "`, then try again");
}

}  // namespace girofle
