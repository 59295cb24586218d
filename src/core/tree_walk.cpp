#include "core/tree_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/file_io.hpp"

namespace girofle {
namespace {

struct CloseDirectory {
    void operator()(DIR* stream) const { ::closedir(stream); }
};
using DirectoryStream = std::unique_ptr<DIR, CloseDirectory>;

}  // namespace

std::unexpected<Error> cannot_read(const std::filesystem::path& path, int error_number) {
    return fail(kind_of_errno(error_number), path.string(), std::string("cannot read: ") + std::strerror(error_number));
}

FileDescriptor open_directory(const std::filesystem::path& path) {
    return FileDescriptor(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
}

Result<std::vector<std::string>> names_in(const FileDescriptor& directory, const std::filesystem::path& path) {
    // closedir closes the descriptor it was given: read through a duplicate.
    int duplicate = ::fcntl(directory.get(), F_DUPFD_CLOEXEC, 0);
    DirectoryStream stream(duplicate >= 0 ? ::fdopendir(duplicate) : nullptr);
    if (!stream) {
        const int saved = errno;
        if (duplicate >= 0) ::close(duplicate);
        return cannot_read(path, saved);
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(stream.get())) {
        if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
            names.emplace_back(entry->d_name);
        errno = 0;
    }
    if (errno != 0) return cannot_read(path, errno);
    return names;
}

std::string relative_path(const std::string& directory, const char* name) {
    return directory.empty() ? std::string(name) : directory + "/" + name;
}

int MatchingDirectory::descriptor(const std::string& directory) {
    if (opened_ && directory == directory_) return fd_.get();
    directory_ = directory;
    opened_ = true;
    if (!top_fd_.valid()) top_fd_ = open_directory(top_);
    // No symlink on the way (openat2(2), Linux 5.6): a symlink the other tree holds where the
    // walk has a directory must not lead out of that tree.
    struct open_how how {};
    how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
    const char* path = directory.empty() ? "." : directory.c_str();
    fd_ = FileDescriptor(top_fd_.valid() ? static_cast<int>(::syscall(SYS_openat2, top_fd_.get(), path, &how, sizeof how))
                                         : -1);
    open_error_ = fd_.valid() ? 0 : errno;
    return fd_.get();
}

bool MatchingDirectory::stat(const std::string& directory, const char* name, struct stat& info) {
    const int fd = descriptor(directory);
    return fd >= 0 && ::fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0;
}

Result<void> walk_tree(const std::filesystem::path& top, TreeState state,
                       const std::function<void(const WalkedEntry&)>& visit) {
    std::vector<std::string> pending = {""};
    while (!pending.empty()) {
        const std::string directory = std::move(pending.back());
        pending.pop_back();
        const auto path = directory.empty() ? top : top / directory;
        const FileDescriptor fd = open_directory(path);
        if (!fd.valid()) {
            const int saved = errno;
            if (state == TreeState::live && saved == ENOENT && !directory.empty()) continue;
            return cannot_read(path, saved);
        }
        auto names = names_in(fd, path);
        if (!names) {
            if (state == TreeState::live && names.error().kind == ErrorKind::not_found && !directory.empty()) continue;
            return std::unexpected(names.error());
        }
        for (const auto& name : *names) {
            struct stat info {};
            if (::fstatat(fd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
                const int saved = errno;
                if (saved == ENOENT) continue;  // removed since readdir
                return cannot_read(path / name, saved);
            }
            visit(WalkedEntry{directory, name.c_str(), info});
            if (S_ISDIR(info.st_mode)) pending.push_back(relative_path(directory, name.c_str()));
        }
    }
    return {};
}

}  // namespace girofle
