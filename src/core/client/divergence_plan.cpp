#include "core/client/divergence_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace girofle::client {
namespace {

const FileVersion* find(const FileVersions& files, const std::string& path) {
    auto found = files.find(path);
    return found == files.end() ? nullptr : &found->second;
}

// "a/b/c" gives "a" and "a/b".
std::vector<std::string> parents_of(const std::string& path) {
    std::vector<std::string> parents;
    for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
        parents.push_back(path.substr(0, slash));
    return parents;
}

std::set<std::string> directories_of(const FileVersions& files) {
    std::set<std::string> directories;
    for (const auto& [path, version] : files)
        for (std::string& parent : parents_of(path)) directories.insert(std::move(parent));
    return directories;
}

bool is_or_is_under(const std::string& path, const std::string& top) {
    return path == top || (path.starts_with(top) && path.size() > top.size() &&
                           path[top.size()] == '/');
}

// Where one side has a directory and the other a file or link of the same name, and this
// side's version there is its own work (added or changed since the base): a tree cannot hold
// both. A side that only kept the base version yields to the other's replacement.
std::map<std::string, Difference> clashes_between(const FileVersions& base,
                                                  const FileVersions& local,
                                                  const FileVersions& remote) {
    const std::set<std::string> remote_directories = directories_of(remote);
    std::map<std::string, Difference> clashes;
    for (const auto& [path, version] : local) {
        const FileVersion* before = find(base, path);
        if (before && *before == version) continue;  // not this side's own work
        if (remote_directories.contains(path))
            clashes.emplace(path, Difference::file_here_directory_there);
        for (const std::string& parent : parents_of(path))
            if (remote.contains(parent))
                clashes.emplace(parent, Difference::directory_here_file_there);
    }
    return clashes;
}

// Takes out of the plan everything at or under a clash, and lists each clash instead.
void list_clashes(DivergencePlan& plan, const std::map<std::string, Difference>& clashes) {
    auto clashing = [&](const std::string& path) {
        return std::ranges::any_of(clashes, [&](const auto& clash) {
            return is_or_is_under(path, clash.first);
        });
    };
    std::erase_if(plan.missing_from_remote, clashing);
    std::erase_if(plan.deleted_there, clashing);
    std::erase_if(plan.deleted_here, clashing);
    std::erase_if(plan.differing,
                  [&](const DifferingFile& file) { return clashing(file.path); });
    for (const auto& [path, difference] : clashes) plan.differing.push_back({path, difference});
    std::ranges::sort(plan.differing, {}, &DifferingFile::path);
}

}  // namespace

DivergencePlan plan_divergence(const FileVersions& base, const FileVersions& local,
                               const FileVersions& remote) {
    std::set<std::string> paths;
    for (const auto& [path, version] : local) paths.insert(path);
    for (const auto& [path, version] : remote) paths.insert(path);

    DivergencePlan plan;
    for (const std::string& path : paths) {
        const FileVersion* here = find(local, path);
        const FileVersion* there = find(remote, path);
        const FileVersion* before = find(base, path);
        if (here && there) {
            if (*here == *there) continue;
            const bool changed_here = !before || *before != *here;
            const bool changed_there = !before || *before != *there;
            plan.differing.push_back({path, changed_here && changed_there ? Difference::changed_both
                                            : changed_here ? Difference::changed_here
                                                           : Difference::changed_there});
        } else if (here) {
            if (!before) plan.missing_from_remote.push_back(path);
            else if (*before == *here) plan.deleted_there.push_back(path);
            else plan.differing.push_back({path, Difference::changed_here_deleted_there});
        } else if (before) {  // only the remote has it, and this side once had it
            if (*before == *there) plan.deleted_here.push_back(path);
            else plan.differing.push_back({path, Difference::deleted_here_changed_there});
        }
    }
    list_clashes(plan, clashes_between(base, local, remote));
    return plan;
}

const char* to_string(Difference difference) {
    switch (difference) {
        case Difference::changed_both: return "changed_both";
        case Difference::changed_here: return "changed_here";
        case Difference::changed_there: return "changed_there";
        case Difference::changed_here_deleted_there: return "changed_here_deleted_there";
        case Difference::deleted_here_changed_there: return "deleted_here_changed_there";
        case Difference::directory_here_file_there: return "directory_here_file_there";
        case Difference::file_here_directory_there: return "file_here_directory_there";
    }
    return "changed_both";
}

}  // namespace girofle::client
