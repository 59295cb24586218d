#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct CommissionOptions {
    std::string name;                          // optional
    std::optional<std::string> ip;
    std::optional<std::string> interface;
    std::optional<std::string> image;          // default: the root's, else the pinned GitLab
    std::optional<std::string> hostname;       // default: the container name
    std::optional<std::chrono::seconds> timeout;  // readiness bound
    PublishedPorts ports;
    std::optional<std::string> schedule;       // cron expression or "none"; default: the root's
    bool schedule_remote = false;              // scheduled backups also go to the remote

    // For restore --as: fills the new instance's volumes before its container exists, and
    // acts once GitLab is ready. A failure of either rolls everything back.
    std::function<Result<void>(const InstanceRecord&)> fill_volumes;
    std::function<Result<void>(const InstanceRecord&)> after_ready;
    std::string operation = "commission";  // in the lock, the log and messages
};

// Validates everything first; then reserves, creates the directories and the container,
// starts it and waits until GitLab is ready. Any failure or interruption takes back all it
// created (container, directories, reservation) and says why.
Result<InstanceRecord> commission(Services& services, const CommissionOptions& options);

// Validation shared with restore: usage errors naming the bad value.
Result<void> validate_image_reference(const std::string& image);
Result<void> validate_hostname(const std::string& hostname);

// Pulls the image when it is not present locally.
Result<void> ensure_image(Services& services, const std::string& image);

// Records left in `commissioning` by a run that died: their lock is free. Removes their
// container, directory and record so that their address is usable again.
void clean_interrupted_commissions(Services& services);

}  // namespace girofle
