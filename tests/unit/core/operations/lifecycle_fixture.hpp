// Core operations against fakes for Docker, the network and the clock, and a real LMDB
// inventory in a temporary root.
#pragma once

#include <gtest/gtest.h>

#include "adapters/lmdb/lmdb_inventory.hpp"
#include "adapters/process/posix_process_runner.hpp"
#include "core/services.hpp"
#include "support/temp_dir.hpp"
#include "unit/fakes/fake_docker.hpp"
#include "unit/fakes/fake_system.hpp"
#include "unit/fakes/recording_reporter.hpp"

namespace girofle::testing {

inline constexpr const char* kTestImage = "girofle/gitlab-standin:17.5.1";

class LifecycleFixture : public ::testing::Test {
public:
    LifecycleFixture() : root_dir(), inventory(root() / "inventory") {
        docker.images[kTestImage] = ImageInfo{.id = "sha256:standin", .repo_tags = {kTestImage}};
        docker.health_script = {HealthStatus::starting, HealthStatus::healthy};
        config.image = kTestImage;
        config.address_pool = {"127.0.0.2", "127.0.0.3"};
        cron.directory = root_dir.path() / "cron.d";
        cron.command = "/usr/local/bin/girofle";
        std::filesystem::create_directories(cron.directory);
    }

    std::filesystem::path root() const { return root_dir.path() / "root"; }
    Services services() {
        return Services{docker, inventory, network, processes, clock, reporter, RootLayout(root()), config, cron};
    }

    TempDir root_dir;
    FakeDocker docker;
    LmdbInventory inventory;
    FakeHostNetwork network;
    PosixProcessRunner processes;
    FakeClock clock;
    RecordingReporter reporter;
    RootConfig config;
    CronSettings cron;
};

}  // namespace girofle::testing
