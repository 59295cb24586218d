#include "core/child_environment.hpp"

#include <array>
#include <set>
#include <string_view>

namespace girofle {

bool is_girofle_secret_variable(std::string_view name) {
    static constexpr std::array<std::string_view, 4> kSecrets = {
        "RESTIC_PASSWORD", "RESTIC_PASSWORD_COMMAND", "ETCDCTL_PASSWORD", "GIROFLE_ETCD_PASSWORD"};
    for (auto secret : kSecrets)
        if (name == secret) return true;
    return false;
}

bool is_storage_credential_variable(std::string_view name) {
    static constexpr std::array<std::string_view, 9> kPrefixes = {
        "AWS_", "B2_", "AZURE_", "GOOGLE_", "OS_", "ST_", "RCLONE_", "RESTIC_REST_", "GOOGLE_APPLICATION_"};
    for (auto prefix : kPrefixes)
        if (name.starts_with(prefix)) return true;
    return false;
}

std::vector<std::string> child_environment(const std::vector<std::string>& inherited,
                                           const ProcessRequest& request) {
    std::set<std::string, std::less<>> replaced(request.env_remove.begin(), request.env_remove.end());
    for (const auto& [name, value] : request.env) replaced.insert(name);
    auto kept = [&](std::string_view name) {
        if (is_girofle_secret_variable(name)) return false;
        return request.storage_credentials || !is_storage_credential_variable(name);
    };
    std::vector<std::string> result;
    for (const auto& entry : inherited) {
        std::string_view text(entry);
        auto name = text.substr(0, text.find('='));
        if (!replaced.contains(name) && kept(name)) result.push_back(entry);
    }
    // Named on purpose by the caller (a test starting girofle itself with a password): kept.
    for (const auto& [name, value] : request.env) result.push_back(name + "=" + value);
    return result;
}

}  // namespace girofle
