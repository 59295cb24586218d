#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/instance.hpp"
#include "core/services.hpp"

namespace girofle {

struct InstanceView {
    InstanceRecord record;
    std::optional<ContainerInfo> container;  // absent: no container, or Docker unreachable
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

// `fleet`: every host's records of a shared inventory; those of other hosts get the live
// state "on host ID" (their containers are not this host's Docker's to ask).
Result<Listing> list_instances(Services& services, bool include_decommissioned, bool fleet = false);
// The listing of one instance (number, name or container name).
Result<Listing> instance_status(Services& services, const std::string& reference);

}  // namespace girofle
