// Settings an operator keeps in ROOT/girofle.json, so that they apply whether Girofle runs
// natively or in the toolbox. Every key is optional.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/backup/retention.hpp"
#include "core/error.hpp"
#include "core/observe/settings.hpp"
#include "core/inventory/inventory_location.hpp"
#include "core/remote/settings.hpp"
#include "core/root_layout.hpp"
#include "core/schedule/cron_expression.hpp"

namespace girofle {

// A real, pinned GitLab release: never "latest" (a restore must run the same version).
inline constexpr const char* kDefaultGitlabImage = "gitlab/gitlab-ce:17.5.1-ce.0";

struct RootConfig {
    // Addresses commission picks from when neither --ip nor --interface is given.
    std::vector<std::string> address_pool;
    std::string image = kDefaultGitlabImage;
    // GitLab takes minutes to start and to stop; Docker's 10 s default would kill it.
    std::chrono::seconds readiness_timeout{900};
    std::chrono::seconds stop_timeout{300};
    RetentionPolicy retention;
    // What commission installs when --schedule is not given.
    std::string backup_schedule = kDefaultBackupSchedule;
    std::string drill_schedule = kDefaultDrillSchedule;  // likewise for drills
    RemoteSettings remote;  // restic repository for backup --remote, restore --from-remote
    // Where girofle.prom goes (e.g. the node exporter's textfile directory); empty: ROOT/metrics.
    std::filesystem::path metrics_dir;
    HookSettings hooks;
    NotifySettings notify;
    std::string inventory;     // lmdb:PATH or etcd://HOST:PORT[,...]/FLEET; empty: ROOT/inventory
    EtcdCredentials etcd;      // TLS files, user and password file for an etcd inventory
};

// A missing file gives the defaults; a malformed one is a usage error naming the file.
Result<RootConfig> load_root_config(const RootLayout& layout);
// The same from the file's text; `object` names the file in errors.
Result<RootConfig> parse_root_config(const std::string& text, const std::string& object);

}  // namespace girofle
