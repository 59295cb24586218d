// Where restic's repository password comes from. Never a command-line argument: a 0600 file
// (girofle.json's remote.password_file, else RESTIC_PASSWORD_FILE), or RESTIC_PASSWORD.
// restic gets the file's path, or the value on its stdin, so that the password appears in
// no process's arguments and in no child's environment.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace girofle {

struct PasswordSource {
    std::filesystem::path file;        // set: restic reads it (RESTIC_PASSWORD_FILE)
    std::optional<std::string> value;  // set: fed to restic on its stdin
};

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process's own environment.
std::optional<std::string> process_environment(const std::string& name);

// The configured file first, then RESTIC_PASSWORD_FILE, then RESTIC_PASSWORD. Usage errors:
// none given, or a file that is missing, not a regular file, empty, or readable or writable
// by group or others (named, with its mode).
Result<PasswordSource> find_password(const std::string& configured_file, const EnvironmentLookup& environment);

// The file's own checks, also used by tests of the rules.
Result<void> check_password_file(const std::filesystem::path& file);

}  // namespace girofle
