// How an instance's GitLab container is built (DESIGN.md §4). The same spec serves
// commission and restore: GITLAB_OMNIBUS_CONFIG is not persisted by GitLab, so every
// creation must pass it again.
#pragma once

#include <chrono>
#include <string>

#include "core/docker.hpp"
#include "core/instance.hpp"
#include "core/root_layout.hpp"

namespace girofle {

namespace labels {
inline constexpr const char* kInstance = "io.girofle.instance";
inline constexpr const char* kName = "io.girofle.name";
inline constexpr const char* kRoot = "io.girofle.root";
inline constexpr const char* kDirectory = "io.girofle.directory";
inline constexpr const char* kAddress = "io.girofle.ip";
inline constexpr const char* kExternalUrl = "io.girofle.external-url";
inline constexpr const char* kVersion = "io.girofle.version";
// A drill's throwaway container carries these instead of the instance's labels, so that no
// command takes it for the instance itself.
inline constexpr const char* kDrillRoot = "io.girofle.drill.root";
inline constexpr const char* kDrillInstance = "io.girofle.drill.instance";
}  // namespace labels

// "external_url 'http://…'" plus the SSH port when it is not 22.
std::string omnibus_config_for(const InstanceRecord& record);

ContainerSpec gitlab_container_spec(const InstanceRecord& record, const RootLayout& layout,
                                    std::chrono::seconds stop_timeout);

// Where GitLab writes the first root password (in the instance's config volume).
std::string initial_root_password_path(const RootLayout& layout, std::uint64_t number);

}  // namespace girofle
