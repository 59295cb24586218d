// Waiting for GitLab to be ready: bounded, visible, and never an endless loop.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/docker.hpp"
#include "core/reporter.hpp"

namespace girofle {

struct ReadinessWait {
    std::string container;
    std::string object;            // "instance 3 (noeud-gitlab-3)", for messages
    std::chrono::seconds bound{900};
    // False after GitLab's services were restarted inside a running container (an app
    // restore): its health check failed while they were down, and "unhealthy" then only
    // means "not yet"; the bound still applies.
    bool unhealthy_is_final = true;
};

// Ready when Docker reports the image's health check healthy, or, for an image without one,
// when /-/readiness answers from inside the container (GitLab answers it only to
// 127.0.0.0/8). Fails on unhealthy (unless told it is not final), on a container that stopped or vanished, on
// interruption, and when the bound passes.
Result<void> wait_until_ready(Docker& docker, Clock& clock, Reporter& reporter,
                              const ReadinessWait& wait);

}  // namespace girofle
