#include "core/gitlab_container.hpp"

namespace girofle {
namespace {

// GitLab's default /dev/shm need (Prometheus and Puma write there); Docker's 64 MB is short.
constexpr std::int64_t kShmSize = 256LL * 1024 * 1024;

}  // namespace

std::string omnibus_config_for(const InstanceRecord& record) {
    std::string config = "external_url '" + record.external_url + "'";
    if (record.ports.ssh != 22)
        config += "; gitlab_rails['gitlab_shell_ssh_port'] = " + std::to_string(record.ports.ssh);
    return config;
}

ContainerSpec gitlab_container_spec(const InstanceRecord& record, const RootLayout& layout,
                                    std::chrono::seconds stop_timeout) {
    ContainerSpec spec;
    spec.name = record.container;
    spec.image = record.image;
    spec.hostname = record.hostname;
    spec.env = {"GITLAB_OMNIBUS_CONFIG=" + omnibus_config_for(record)};
    spec.ports = {{record.ip, record.ports.http, 80},
                  {record.ip, record.ports.https, 443},
                  {record.ip, record.ports.ssh, 22}};
    spec.mounts = {{layout.volume(record.number, "config").string(), "/etc/gitlab"},
                   {layout.volume(record.number, "data").string(), "/var/opt/gitlab"},
                   {layout.volume(record.number, "log").string(), "/var/log/gitlab"}};
    spec.labels = {{labels::kInstance, std::to_string(record.number)},
                   {labels::kName, record.name},
                   {labels::kRoot, layout.root().string()},
                   {labels::kDirectory, record.directory},
                   {labels::kAddress, record.ip},
                   {labels::kExternalUrl, record.external_url},
                   {labels::kVersion, GIROFLE_VERSION}};
    spec.shm_size_bytes = kShmSize;
    spec.restart_policy = "always";
    spec.stop_timeout_seconds = static_cast<int>(stop_timeout.count());
    return spec;
}

std::string initial_root_password_path(const RootLayout& layout, std::uint64_t number) {
    return (layout.volume(number, "config") / "initial_root_password").string();
}

}  // namespace girofle
