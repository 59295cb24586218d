#include "core/operations/commission.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <regex>
#include <set>

#include "core/address_choice.hpp"
#include "core/backup/snapshot_method.hpp"
#include "core/file_io.hpp"
#include "core/gitlab_container.hpp"
#include "core/interruption.hpp"
#include "core/operations/schedule.hpp"
#include "core/readiness.hpp"
#include "core/undo.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

// Created only by us, in this run: mkdir fails if it already exists, so a directory that
// holds someone's data is never adopted (or removed by a rollback).
Result<void> create_instance_directories(Services& services, std::uint64_t number) {
    const auto& layout = services.layout;
    const auto directory = layout.instance_directory(number);
    const std::string object = "directory " + directory.string();
    std::error_code error;
    if (auto root = create_private_directories(layout.root()); !root) return root;
    // 0700: the config volume holds gitlab-secrets.json and the backups hold copies of it.
    if (::mkdir(directory.c_str(), 0700) != 0)
        return fail(errno == EEXIST ? ErrorKind::conflict : ErrorKind::failed, object,
                    errno == EEXIST ? "already exists; refusing to reuse a directory that may hold data"
                                    : std::string("cannot create: ") + std::strerror(errno));
    // On btrfs the volumes are a subvolume of their own: a freeze backup then pauses GitLab
    // only for an atomic snapshot of it (DESIGN.md §13).
    const auto volumes = directory / "mapping-volumes";
    if (on_btrfs(directory))
        if (auto made = services.snapshots.create_subvolume(volumes); !made)
            services.reporter.warn(made.error().message() +
                                   "; its volumes are a plain directory, backed up by the rsync method");
    for (const char* kind : RootLayout::kVolumeKinds) {
        std::filesystem::create_directories(layout.volume(number, kind), error);
        if (error) return fail(ErrorKind::failed, object, "cannot create volumes: " + error.message());
    }
    std::filesystem::create_directory(layout.backups(number), error);
    if (error) return fail(ErrorKind::failed, object, "cannot create bckups: " + error.message());
    return {};
}

void remove_tree(Reporter& reporter, const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::remove_all(directory, error);
    if (error)
        reporter.warn("directory " + directory.string() + ": could not remove after the failure: " +
                      error.message());
}

// Container names are global to the engine: names that containers of other roots hold.
Result<std::set<std::string>> container_names_of_other_roots(Services& services) {
    auto containers = services.docker.list_containers({labels::kRoot}, true);
    if (!containers) return std::unexpected(containers.error());
    std::set<std::string> names;
    for (const auto& container : *containers)
        if (container.labels.at(labels::kRoot) != services.layout.root().string()) names.insert(container.name);
    return names;
}

InstanceRecord new_record(const Services& services, const CommissionOptions& options,
                          const BackupSchedule& schedule, const std::string& image, std::uint64_t number,
                          const std::string& ip, const std::set<std::string>& names_taken) {
    InstanceRecord record;
    record.number = number;
    record.name = options.name;
    record.container = container_name_for(number, options.name);
    // Another root on this host got there first: this root's tag keeps the two apart.
    if (names_taken.contains(record.container)) record.container += "-" + services.layout.host_tag();
    record.directory = services.layout.instance_directory(number).string();
    record.ip = ip;
    record.ports = options.ports;
    record.image = image;
    record.hostname = options.hostname.value_or(record.container);
    record.external_url = external_url_for(options.hostname.value_or(ip), options.ports.http);
    record.state = InstanceState::commissioning;
    record.schedule = schedule;
    record.created_at = record.updated_at = rfc3339_utc(services.clock.now());
    return record;
}

// Container names are global to the engine: say who holds a name we need.
Error explain_creation_failure(Services& services, const ContainerSpec& spec, Error error) {
    if (error.kind != ErrorKind::conflict) return error;
    auto holder = services.docker.inspect_container(spec.name);
    if (!holder) return error;
    auto root = holder->labels.find(labels::kRoot);
    error.cause = root == holder->labels.end()
                      ? "the name is taken by a container Girofle does not manage"
                      : "the name is taken by a container of the Girofle root " + root->second;
    return error;
}

}  // namespace

Result<void> validate_image_reference(const std::string& image) {
    // [registry[:port]/]path[:tag][@sha256:digest]
    static const std::regex pattern(
        R"(([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)"
        R"((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?)");
    const std::string object = "image '" + image + "'";
    if (!std::regex_match(image, pattern))
        return fail(ErrorKind::usage, object, "not a valid image reference");
    const auto last_slash = image.rfind('/');
    const auto tag_colon = image.find(':', last_slash == std::string::npos ? 0 : last_slash);
    const bool has_digest = image.find('@') != std::string::npos;
    const std::string tag = tag_colon == std::string::npos
                                ? ""
                                : image.substr(tag_colon + 1, image.find('@') - tag_colon - 1);
    if (!has_digest && (tag.empty() || tag == "latest"))
        return fail(ErrorKind::usage, object,
                    "give a pinned version tag, not latest: a restore must run the same GitLab "
                    "version");
    return {};
}

Result<void> validate_hostname(const std::string& hostname) {
    static const std::regex pattern(
        R"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)");
    if (hostname.size() <= 253 && std::regex_match(hostname, pattern)) return {};
    return fail(ErrorKind::usage, "hostname '" + hostname + "'", "not a valid host name");
}

Result<void> ensure_image(Services& services, const std::string& image) {
    auto present = services.docker.inspect_image(image);
    if (present) return {};
    if (present.error().kind != ErrorKind::not_found) return std::unexpected(present.error());
    services.reporter.progress("image " + image + ": not present locally, pulling it");
    services.reporter.info("image " + image + ": pulling");
    auto pulled = services.docker.pull_image(image);
    if (!pulled)
        return fail(pulled.error().kind == ErrorKind::unavailable ? ErrorKind::unavailable
                                                                  : ErrorKind::failed,
                    "image " + image, "not present locally and cannot be pulled: " + pulled.error().cause);
    return {};
}

void clean_interrupted_commissions(Services& services) {
    auto records = services.inventory.list();
    if (!records) return;
    for (const auto& record : *records) {
        if (record.state != InstanceState::commissioning) continue;
        auto lock = services.inventory.lock(record.number, "cleanup of an interrupted commission");
        if (!lock) continue;  // its commission is still running
        services.reporter.warn(record.label() +
                               ": its commission was interrupted; removing what it left");
        auto removed = services.docker.remove_container(record.container, true);
        if (!removed && removed.error().kind != ErrorKind::not_found) {
            services.reporter.warn(record.label() + ": " + removed.error().message());
            continue;
        }
        remove_tree(services.reporter, services.layout.instance_directory(record.number));
        if (auto erased = services.inventory.remove(record.number); !erased)
            services.reporter.warn(erased.error().message());
    }
}

Result<InstanceRecord> commission(Services& services, const CommissionOptions& options) {
    // Parse and validate everything before changing anything.
    if (!options.name.empty())
        if (auto valid = validate_instance_name(options.name); !valid) return std::unexpected(valid.error());
    if (options.hostname)
        if (auto valid = validate_hostname(*options.hostname); !valid) return std::unexpected(valid.error());
    const std::string image = options.image.value_or(services.config.image);
    if (auto valid = validate_image_reference(image); !valid) return std::unexpected(valid.error());
    const auto timeout = options.timeout.value_or(services.config.readiness_timeout);
    if (timeout <= 0s) return fail(ErrorKind::usage, "--timeout", "must be a positive number of seconds");
    auto schedule = parse_backup_schedule(options.schedule.value_or(services.config.backup_schedule),
                                          options.schedule_remote, services.config.drill_schedule);
    if (!schedule) return std::unexpected(schedule.error());
    if (auto installable = check_schedule_installable(services, *schedule); !installable)
        return std::unexpected(installable.error());

    if (auto engine = services.docker.version(); !engine) return std::unexpected(engine.error());
    clean_interrupted_commissions(services);
    auto records = services.inventory.list();
    if (!records) return std::unexpected(records.error());
    // Checked again inside the reservation; checking now spares a pull when it is taken.
    if (auto free = check_name_free(*records, options.name); !free) return std::unexpected(free.error());
    auto addresses = usable_addresses({.ip = options.ip,
                                       .interface = options.interface,
                                       .pool = services.config.address_pool,
                                       .ports = options.ports},
                                      services.network, *records);
    if (!addresses) return std::unexpected(addresses.error());
    if (auto pulled = ensure_image(services, image); !pulled) return std::unexpected(pulled.error());
    auto names_taken = container_names_of_other_roots(services);
    if (!names_taken) return std::unexpected(names_taken.error());

    auto reserved = services.inventory.reserve(
        {.name = options.name,
         .addresses = *addresses,
         .address_requested = options.ip.has_value(),
         .minimum_number = services.layout.highest_instance_directory() + 1,
         .exact_number = options.number,
         .make_record = [&](std::uint64_t number, const std::string& ip) {
             return new_record(services, options, *schedule, image, number, ip, *names_taken);
         }},
        options.operation);
    if (!reserved) return std::unexpected(reserved.error());
    InstanceRecord record = std::move(reserved->record);
    const std::string object = record.label();

    UndoStack undo;
    undo.push([&] {
        if (auto removed = services.inventory.remove(record.number); !removed)
            services.reporter.warn(removed.error().message());
    });
    if (auto created = create_instance_directories(services, record.number); !created)
        return std::unexpected(created.error());
    undo.push([&] { remove_tree(services.reporter, services.layout.instance_directory(record.number)); });
    if (options.fill_volumes)
        if (auto filled = options.fill_volumes(record); !filled) return std::unexpected(filled.error());

    auto spec = gitlab_container_spec(record, services.layout, services.config.stop_timeout);
    auto container_id = services.docker.create_container(spec);
    if (!container_id) return std::unexpected(explain_creation_failure(services, spec, container_id.error()).about(object));
    // Captured by value: the undo stack outlives every local declared after it.
    undo.push([&services, object, id = *container_id] {
        if (auto removed = services.docker.remove_container(id, true); !removed)
            services.reporter.warn(object + ": could not remove its container after the failure: " +
                                   removed.error().message());
    });
    services.reporter.info(object + ": container created on " + record.ip + " from " + image);
    if (auto started = services.docker.start_container(*container_id); !started)
        return std::unexpected(started.error().about(object));
    if (auto ready = wait_until_ready(services.docker, services.clock, services.reporter,
                                      {.container = *container_id, .object = object, .bound = timeout});
        !ready)
        return std::unexpected(ready.error());
    if (options.after_ready)
        if (auto done = options.after_ready(record); !done) return std::unexpected(done.error());
    if (interrupted()) return fail(ErrorKind::failed, object, "interrupted");
    if (auto scheduled = apply_schedule_file(services.cron, services.layout, record); !scheduled)
        return std::unexpected(scheduled.error().about(object));
    undo.push([&] {
        if (auto removed = remove_schedule_file(services.cron, services.layout, record); !removed)
            services.reporter.warn(removed.error().message());
    });

    auto active = services.inventory.modify(record.number, [&](InstanceRecord& stored) {
        stored.state = InstanceState::active;
        stored.container_id = *container_id;
        stored.updated_at = rfc3339_utc(services.clock.now());
    });
    if (!active) return std::unexpected(active.error());
    undo.dismiss();
    services.reporter.info(object + ": commissioned at " + active->external_url);
    services.reporter.record({{"operation", options.operation},
                              {"instance", active->number},
                              {"name", active->name},
                              {"container", active->container},
                              {"ip", active->ip},
                              {"image", active->image},
                              {"schedule", active->schedule.cron},
                              {"outcome", "ok"}});
    return *active;
}

}  // namespace girofle
