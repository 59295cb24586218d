#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct InstanceView {
    InstanceRecord record;
    // From the engine's container list; absent: no container, or Docker unreachable.
    std::optional<ContainerSummary> container;
    // When the container last started (RFC 3339, as Docker gives it): set by instance_status
    // only, which inspects its one container; the list does not carry it.
    std::string started_at;
    // What Docker says now: "running (healthy)", "exited (137)", "missing", "unknown", "-".
    std::string live_state;
    // Why an active instance does not run and what brings it back; empty when it runs.
    std::string attention;
};

struct Listing {
    std::vector<InstanceView> instances;
    // Set when Docker could not be asked: the inventory is still shown.
    std::optional<Error> docker_error;
};

// One request to Docker for every container of the root (its container list), plus an inspect
// of each shown container that is not running unpaused, whose health the list does not say.
// `fleet`: every host's records of a shared inventory; those of other hosts get the live
// state "on host ID" (their containers are not this host's Docker's to ask).
Result<Listing> list_instances(Services& services, bool include_decommissioned, bool fleet = false);
// The listing of one instance (number, name or container name), with its container's start time.
Result<Listing> instance_status(Services& services, const std::string& reference);

}  // namespace girofle
