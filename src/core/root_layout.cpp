#include "core/root_layout.hpp"

#include <algorithm>

#include "core/backup/checksums.hpp"
#include "core/instance.hpp"

namespace girofle {

std::filesystem::path RootLayout::instance_directory(std::uint64_t number) const {
    return root_ / instance_base_name(number);
}

std::filesystem::path RootLayout::volume(std::uint64_t number, const std::string& kind) const {
    return instance_directory(number) / "mapping-volumes" / kind;
}

std::string RootLayout::host_tag() const {
    return "r" + sha256_hex(root_.string()).substr(0, 8);
}

std::filesystem::path RootLayout::backups(std::uint64_t number) const {
    return instance_directory(number) / "bckups";
}

std::uint64_t RootLayout::highest_instance_directory() const {
    std::uint64_t highest = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(root_, error)) {
        std::string name = entry.path().filename().string();
        auto number = number_from_instance_name(name);
        if (number && name == instance_base_name(*number)) highest = std::max(highest, *number);
    }
    return highest;
}

}  // namespace girofle
