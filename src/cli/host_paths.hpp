// The host paths a command line needs to see, for the launcher: it runs girofle in a
// container where only what it mounts exists, so it asks girofle (--print-host-paths, hidden)
// what the command line and the root's girofle.json name, and mounts each at the same path.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/root_config.hpp"

namespace girofle::cli {

struct HostPath {
    std::filesystem::path path;  // absolute
    bool writable = false;       // false: girofle only reads it
};

// A restic location that is a path on this host ("/srv/restic", "local:/srv/restic"), written
// to (restic locks, init); nothing for other backends.
std::vector<HostPath> host_paths_of_location(const std::string& location);

// What girofle.json points at on the host: local repositories (the root's and every
// instance's), the password file, and the absolute paths restic's options name (an SSH key
// and known-hosts file in sftp.command), the last two read only.
std::vector<HostPath> host_paths_of_config(const RootConfig& config);

// `path` made absolute against the working directory (the launcher runs girofle in the
// caller's).
HostPath host_path(const std::string& path, bool writable);

// One "ro PATH" or "rw PATH" line each, as launcher/girofle reads them; a path holding a line
// break cannot be written on a line and is left out (girofle then reports it missing), and so
// are /dev, /proc and /sys, which the container has of its own.
void print_host_paths(std::ostream& out, const std::vector<HostPath>& paths);

}  // namespace girofle::cli
