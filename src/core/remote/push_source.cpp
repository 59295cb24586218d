#include "core/remote/push_source.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace girofle {

Result<PushSource> PushSource::point_at(const std::filesystem::path& instance_directory,
                                        const std::filesystem::path& snapshot_directory) {
    const auto link = instance_directory / "remote-source";
    const auto fresh = instance_directory / ("remote-source.new-" + std::to_string(::getpid()));
    ::unlink(fresh.c_str());  // one left by a run killed between its two steps
    if (::symlink(snapshot_directory.c_str(), fresh.c_str()) != 0 || ::rename(fresh.c_str(), link.c_str()) != 0) {
        const std::string cause = std::strerror(errno);
        ::unlink(fresh.c_str());
        return fail(ErrorKind::failed, link.string(), "cannot make the push's stable path: " + cause);
    }
    return PushSource(link, snapshot_directory);
}

PushSource::PushSource(PushSource&& other) noexcept
    : link_(std::exchange(other.link_, {})), snapshot_(std::exchange(other.snapshot_, {})) {}

PushSource::~PushSource() {
    if (!link_.empty()) ::unlink(link_.c_str());
}

void PushSource::apply_to(ProcessRequest& request) const {
    request.working_directory = snapshot_.string();
    request.env["PWD"] = link_.string();
}

}  // namespace girofle
