// The one path every push of an instance is made from, so that restic finds the previous push
// as its parent and skips unchanged files by their metadata instead of reading them again.
//
// ROOT/noeud-gitlab-N/remote-source is a symbolic link to the snapshot being pushed. restic
// runs inside the snapshot directory, backs up "." and is given PWD=the link: restic makes its
// target absolute with Go's os.Getwd, which returns $PWD when it names the working directory,
// so every snapshot of the instance records the same path, and restic's own parent detection
// (same host, same paths, the newest not newer than now) picks the previous push. Because the
// target is ".", the root of restic's tree is the snapshot's contents, whose paths do not
// change from one snapshot to the next: restic compares each file with the parent's file of
// the same path. (Pushes made before this kept the snapshot under its full path;
// RemoteSnapshot::holds_full_path tells them apart for restores.)
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "core/process.hpp"

namespace girofle {

class PushSource {
public:
    // Points ROOT/noeud-gitlab-N/remote-source at `snapshot_directory` (replacing the link an
    // earlier push left, atomically). Errors: the link cannot be made (failed, naming it).
    static Result<PushSource> point_at(const std::filesystem::path& instance_directory,
                                       const std::filesystem::path& snapshot_directory);
    PushSource(PushSource&& other) noexcept;
    PushSource& operator=(PushSource&&) = delete;
    ~PushSource();  // removes the link

    const std::filesystem::path& path() const { return link_; }
    // Runs `request` (a restic backup of ".") inside the snapshot, with the link as its PWD.
    void apply_to(ProcessRequest& request) const;

private:
    PushSource(std::filesystem::path link, std::filesystem::path snapshot)
        : link_(std::move(link)), snapshot_(std::move(snapshot)) {}
    std::filesystem::path link_;
    std::filesystem::path snapshot_;
};

}  // namespace girofle
