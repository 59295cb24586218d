#include "core/client/divergence_plan.hpp"

#include <set>

namespace girofle::client {
namespace {

const FileVersion* find(const FileVersions& files, const std::string& path) {
    auto found = files.find(path);
    return found == files.end() ? nullptr : &found->second;
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
    return plan;
}

const char* to_string(Difference difference) {
    switch (difference) {
        case Difference::changed_both: return "changed_both";
        case Difference::changed_here: return "changed_here";
        case Difference::changed_there: return "changed_there";
        case Difference::changed_here_deleted_there: return "changed_here_deleted_there";
        case Difference::deleted_here_changed_there: return "deleted_here_changed_there";
    }
    return "changed_both";
}

}  // namespace girofle::client
