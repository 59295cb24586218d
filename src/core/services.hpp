// Everything an operation talks to, passed in so that tests can swap any of it.
#pragma once

#include "core/backup/filesystem_snapshots.hpp"
#include "core/clock.hpp"
#include "core/container_freezer.hpp"
#include "core/docker.hpp"
#include "core/host_network.hpp"
#include "core/inventory.hpp"
#include "core/process.hpp"
#include "core/reporter.hpp"
#include "core/root_config.hpp"
#include "core/root_layout.hpp"
#include "core/schedule/schedule_file.hpp"

namespace girofle {

struct Services {
    Docker& docker;
    Inventory& inventory;
    HostNetwork& network;
    ProcessRunner& processes;
    Clock& clock;
    Reporter& reporter;
    RootLayout layout;
    RootConfig config;
    CronSettings cron;
    // Last, with a default, so that the core's tests on plain directories need not name it.
    FilesystemSnapshots& snapshots = no_filesystem_snapshots();
    // How freeze backups freeze GitLab when they can reach its cgroup (else Docker's pause).
    ContainerFreezer& freezer = no_container_freezer();
};

}  // namespace girofle
