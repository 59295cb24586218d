// When both sides have new commits, which files the remote lacks and which differ. The merge
// base tells a file added here from one deleted there, and a change here from one there.
#pragma once

#include <string>
#include <vector>

#include "core/client/git_repository.hpp"

namespace girofle::client {

// How a file that both sides hold, or once held, came to differ since the merge base.
enum class Difference {
    changed_both,                // both sides changed it differently (or there is no base)
    changed_here,                // only this side changed it
    changed_there,               // only the remote changed it
    changed_here_deleted_there,  // changed here, the remote deleted it
    deleted_here_changed_there,  // deleted here, the remote changed it
    // One side has a directory where the other has a file or a symbolic link of the same
    // name, and this side's version is its own (added or changed since the merge base): git
    // cannot hold both, so the remote's stays in the folder and ours in the backup.
    directory_here_file_there,
    file_here_directory_there,
};

struct DifferingFile {
    std::string path;
    Difference difference = Difference::changed_both;
    bool operator==(const DifferingFile&) const = default;
};

// Every list is sorted by path. A clash is listed once, at the path where the two sides meet;
// nothing under that path appears in any other list.
struct DivergencePlan {
    std::vector<std::string> missing_from_remote;  // added here: copied, committed and pushed
    std::vector<DifferingFile> differing;          // both versions kept; the user decides
    std::vector<std::string> deleted_there;        // unchanged here, deleted there: stays deleted
    std::vector<std::string> deleted_here;         // unchanged there, deleted here: comes back
};

DivergencePlan plan_divergence(const FileVersions& base, const FileVersions& local,
                               const FileVersions& remote);

const char* to_string(Difference difference);

}  // namespace girofle::client
