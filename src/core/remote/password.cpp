#include "core/remote/password.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace girofle {

std::optional<std::string> process_environment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

Result<void> check_password_file(const std::filesystem::path& file) {
    const std::string object = "password file " + file.string();
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0)
        return fail(ErrorKind::usage, object, std::string("cannot be read: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) return fail(ErrorKind::usage, object, "not a regular file");
    if ((info.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        return fail(ErrorKind::usage, object,
                    std::string("mode ") + mode + " lets group or others at it; chmod 600 it");
    }
    if (info.st_size == 0) return fail(ErrorKind::usage, object, "is empty");
    return {};
}

Result<PasswordSource> find_password(const std::string& configured_file, const EnvironmentLookup& environment) {
    std::string file = configured_file;
    if (file.empty()) file = environment("RESTIC_PASSWORD_FILE").value_or("");
    if (!file.empty()) {
        std::filesystem::path path = std::filesystem::absolute(file);
        if (auto checked = check_password_file(path); !checked) return std::unexpected(checked.error());
        return PasswordSource{.file = path, .value = std::nullopt};
    }
    if (auto value = environment("RESTIC_PASSWORD")) return PasswordSource{.file = {}, .value = *value};
    return fail(ErrorKind::usage, "remote",
                "no repository password: set remote.password_file in girofle.json (a 0600 file), "
                "or RESTIC_PASSWORD_FILE, or RESTIC_PASSWORD");
}

}  // namespace girofle
