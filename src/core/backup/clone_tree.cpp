#include "core/backup/clone_tree.hpp"

namespace girofle {

Result<void> clone_tree(ProcessRunner& processes, const std::filesystem::path& source,
                        const std::filesystem::path& destination) {
    auto result = processes.run({.argv = {"cp", "-a", "--reflink=always", "--", source.string(), destination.string()},
                                 .cancel_on_interruption = true});
    if (!result) return std::unexpected(result.error());
    if (result->succeeded()) return {};
    if (result->err.find("No space left on device") != std::string::npos)
        return fail(ErrorKind::no_space, destination.parent_path().string(),
                    "not enough space: the clone ran out of room (" + tail_of(result->err, 160) + ")");
    if (result->signal != 0) return fail(ErrorKind::failed, source.string(), "clone interrupted");
    return fail(ErrorKind::failed, source.string(), "clone failed: " + tail_of(result->err));
}

}  // namespace girofle
