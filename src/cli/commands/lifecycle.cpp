// commission, decommission, list, status.
#include <iostream>
#include <memory>

#include "cli/command_table.hpp"
#include "cli/output/table.hpp"
#include "cli/runtime.hpp"
#include "core/gitlab_container.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/decommission.hpp"
#include "core/operations/list.hpp"

namespace girofle::cli {
namespace {

nlohmann::json view_json(const InstanceView& view) {
    nlohmann::json json = to_json(view.record);
    json["url"] = view.record.external_url;
    json["live_state"] = view.live_state;
    if (!view.attention.empty()) json["attention"] = view.attention;
    if (view.container) {
        json["container_status"] = view.container->status;
        json["health"] = to_string(view.container->health);
        if (!view.started_at.empty()) json["started_at"] = view.started_at;  // status only
    }
    return json;
}

void warn_if_docker_unanswered(const GlobalOptions& globals, const Listing& listing) {
    if (listing.docker_error)
        globals.reporter->warn("live state unknown: " + listing.docker_error->message());
}

void add_commission(CommandTable& table) {
    struct Options {
        CommissionOptions operation;
        std::string ip, interface, image, hostname, schedule;
        int timeout_seconds = 0;
        bool name_given = false;  // `--name ''` is a bad name, not an unnamed instance
    };
    auto options = std::make_shared<Options>();
    auto* command = table.add("commission", "Create a GitLab instance on a free host address and print its URL",
                              [options](const GlobalOptions& globals) -> Result<int> {
        CommissionOptions& operation = options->operation;
        if (options->name_given && operation.name.empty()) return std::unexpected(validate_instance_name("").error());
        if (!options->ip.empty()) operation.ip = options->ip;
        if (!options->interface.empty()) operation.interface = options->interface;
        if (!options->image.empty()) operation.image = options->image;
        if (!options->hostname.empty()) operation.hostname = options->hostname;
        if (!options->schedule.empty()) operation.schedule = options->schedule;
        if (options->timeout_seconds != 0) operation.timeout = std::chrono::seconds(options->timeout_seconds);
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto record = commission(*services, operation);
        if (!record) return std::unexpected(record.error());
        const auto password_file = initial_root_password_path(services->layout, record->number);
        if (globals.json) {
            nlohmann::json json = to_json(*record);
            json["url"] = record->external_url;
            json["initial_root_password_file"] = password_file;
            json["schedule_file"] = record->schedule.enabled() ? schedule_file_path(services->cron, services->layout, *record).string() : "";
            std::cout << json.dump(2) << "\n";
        } else {
            std::cout << record->label() << " is ready: " << record->external_url << "\n"
                      << "initial root password: in " << password_file
                      << " (readable by root; GitLab deletes it after 24 hours)\n";
            if (record->schedule.enabled())
                std::cout << "backups: '" << record->schedule.cron << "', cron file "
                          << schedule_file_path(services->cron, services->layout, *record).string() << "\n";
        }
        return 0;
    });
    command->add_option("--name", options->operation.name,
                        "Name suffixed to the container name (lowercase letters, digits, hyphens)")
        ->each([options](const std::string&) { options->name_given = true; });
    auto* ip = command->add_option("--ip", options->ip, "Host address to publish the instance on");
    command->add_option("--interface", options->interface, "Take a free address of this interface")
        ->excludes(ip);
    command->add_option("--image", options->image, "GitLab image, pinned (default: the root's, else " +
                                                        std::string(kDefaultGitlabImage) + ")");
    command->add_option("--hostname", options->hostname, "Host name in the URL and the container");
    command->add_option("--schedule", options->schedule,
                        "When cron backs it up: five cron fields, an @macro, or none (default: the root's, else \"" +
                            std::string(kDefaultBackupSchedule) + "\")");
    command->add_option("--timeout", options->timeout_seconds, "Seconds to wait for GitLab to be ready")
        ->check(CLI::PositiveNumber);
    command->add_option("--http-port", options->operation.ports.http, "Host port for HTTP")
        ->check(CLI::Range(1, 65535))->capture_default_str();
    command->add_option("--https-port", options->operation.ports.https, "Host port for HTTPS")
        ->check(CLI::Range(1, 65535))->capture_default_str();
    command->add_option("--ssh-port", options->operation.ports.ssh, "Host port for git over SSH")
        ->check(CLI::Range(1, 65535))->capture_default_str();
}

void add_decommission(CommandTable& table) {
    auto options = std::make_shared<DecommissionOptions>();
    auto stop_timeout = std::make_shared<int>(0);
    auto* command = table.add("decommission",
                              "Stop an instance gracefully and remove its container; data is kept",
                              [options, stop_timeout](const GlobalOptions& globals) -> Result<int> {
        if (*stop_timeout != 0) options->stop_timeout = std::chrono::seconds(*stop_timeout);
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto record = decommission(*services, *options);
        if (!record) return std::unexpected(record.error());
        if (globals.json) std::cout << to_json(*record).dump(2) << "\n";
        else std::cout << record->label() << " decommissioned; its data is kept in " << record->directory << "\n";
        return 0;
    });
    command->add_option("instance", options->instance, "Instance number, name or container name")->required();
    command->add_flag("--no-backup", options->no_backup, "Skip the final backup (a cold snapshot taken before removal)");
    command->add_option("--stop-timeout", *stop_timeout, "Seconds GitLab gets to stop before it is killed")
        ->check(CLI::PositiveNumber);
}

void add_list(CommandTable& table) {
    auto all = std::make_shared<bool>(false);
    auto fleet = std::make_shared<bool>(false);
    auto* command = table.add("list", "Show instances: number, name, container, address, URL, state",
                              [all, fleet](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto listing = list_instances(*services, *all, *fleet);
        if (!listing) return std::unexpected(listing.error());
        warn_if_docker_unanswered(globals, *listing);
        if (globals.json) {
            nlohmann::json instances = nlohmann::json::array();
            for (const auto& view : listing->instances) instances.push_back(view_json(view));
            std::cout << nlohmann::json{{"instances", instances}}.dump(2) << "\n";
            return 0;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& view : listing->instances) {
            const auto& record = view.record;
            rows.push_back({std::to_string(record.number), record.name.empty() ? "-" : record.name,
                            record.container, record.ip, record.external_url, to_string(record.state),
                            view.attention.empty() ? view.live_state : view.live_state + " (" + view.attention + ")",
                            record.last_backup.empty() ? "never" : record.last_backup});
            if (*fleet) rows.back().push_back(record.host_id.empty() ? "-" : record.host_id);
        }
        std::vector<std::string> headers = {"N", "NAME", "CONTAINER", "ADDRESS", "URL", "STATE", "LIVE", "LAST BACKUP"};
        if (*fleet) headers.push_back("HOST");
        print_table(std::cout, headers, rows);
        return 0;
    });
    command->add_flag("--all", *all, "Include decommissioned instances");
    command->add_flag("--fleet", *fleet, "Every host's instances of a shared (etcd) inventory, with their host");
}

void add_status(CommandTable& table) {
    auto reference = std::make_shared<std::string>();
    auto* command = table.add("status", "Show one instance in detail",
                              [reference](const GlobalOptions& globals) -> Result<int> {
        Runtime runtime(globals);
        auto services = runtime.services();
        if (!services) return std::unexpected(services.error());
        auto listing = instance_status(*services, *reference);
        if (!listing) return std::unexpected(listing.error());
        warn_if_docker_unanswered(globals, *listing);
        const InstanceView& view = listing->instances.front();
        if (globals.json) {
            std::cout << view_json(view).dump(2) << "\n";
            return 0;
        }
        const auto& record = view.record;
        std::vector<std::vector<std::string>> rows = {
            {"number", std::to_string(record.number)},
            {"name", record.name.empty() ? "-" : record.name},
            {"container", record.container},
            {"state", to_string(record.state)},
            {"live", view.attention.empty() ? view.live_state : view.live_state + " (" + view.attention + ")"},
            {"address", record.ip},
            {"url", record.external_url},
            {"ports", "http " + std::to_string(record.ports.http) + ", https " +
                          std::to_string(record.ports.https) + ", ssh " + std::to_string(record.ports.ssh)},
            {"image", record.image},
            {"hostname", record.hostname},
            {"directory", record.directory},
            {"created", record.created_at},
            {"last backup", record.last_backup.empty() ? "never" : record.last_backup}};
        if (!record.decommissioned_at.empty()) rows.push_back({"decommissioned", record.decommissioned_at});
        for (const auto& row : rows) std::cout << row[0] << ": " << row[1] << "\n";
        return 0;
    });
    command->add_option("instance", *reference, "Instance number, name or container name")->required();
}

}  // namespace

void register_lifecycle_commands(CommandTable& table) {
    add_commission(table);
    add_decommission(table);
    add_list(table);
    add_status(table);
}

}  // namespace girofle::cli
