#include "core/docker.hpp"

namespace girofle {

const char* to_string(HealthStatus status) {
    switch (status) {
        case HealthStatus::none:
            return "none";
        case HealthStatus::starting:
            return "starting";
        case HealthStatus::healthy:
            return "healthy";
        case HealthStatus::unhealthy:
            return "unhealthy";
    }
    return "none";
}

}  // namespace girofle
