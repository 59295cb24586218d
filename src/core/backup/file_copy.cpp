#include "core/backup/file_copy.hpp"

#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_descriptor.hpp"
#include "core/file_io.hpp"

namespace girofle {
namespace {

namespace fs = std::filesystem;

// Extended attributes through a descriptor (files, directories) or a path without following
// it (symlinks, FIFOs, devices: opening those may block or act).
struct ByDescriptor {
    int fd;
    ssize_t list(char* names, std::size_t size) const { return ::flistxattr(fd, names, size); }
    ssize_t get(const char* name, void* value, std::size_t size) const { return ::fgetxattr(fd, name, value, size); }
    int set(const char* name, const void* value, std::size_t size) const {
        return ::fsetxattr(fd, name, value, size, 0);
    }
};
struct ByPath {
    const char* path;
    ssize_t list(char* names, std::size_t size) const { return ::llistxattr(path, names, size); }
    ssize_t get(const char* name, void* value, std::size_t size) const { return ::lgetxattr(path, name, value, size); }
    int set(const char* name, const void* value, std::size_t size) const {
        return ::lsetxattr(path, name, value, size, 0);
    }
};

template <typename Access>
Result<void> copy_xattrs(const Access& from, const Access& to, const fs::path& object) {
    ssize_t size = from.list(nullptr, 0);
    if (size < 0) {
        if (errno == ENOTSUP) return {};
        return system_failure(object, "cannot list extended attributes", errno);
    }
    if (size == 0) return {};
    std::string names(static_cast<std::size_t>(size), '\0');
    size = from.list(names.data(), names.size());
    if (size < 0) return system_failure(object, "cannot list extended attributes", errno);
    names.resize(static_cast<std::size_t>(size));
    for (std::size_t at = 0; at < names.size();) {
        const char* name = names.c_str() + at;
        at += std::strlen(name) + 1;
        ssize_t length = from.get(name, nullptr, 0);
        if (length < 0) return system_failure(object, std::string("cannot read attribute ") + name, errno);
        std::string value(static_cast<std::size_t>(length), '\0');
        length = from.get(name, value.data(), value.size());
        if (length < 0) return system_failure(object, std::string("cannot read attribute ") + name, errno);
        if (to.set(name, value.data(), static_cast<std::size_t>(length)) != 0 && !ownership_refusal_is_fine(errno))
            return system_failure(object, std::string("cannot set attribute ") + name, errno);
    }
    return {};
}

Result<void> write_all(int fd, const char* data, std::size_t size, const fs::path& object) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return system_failure(object, "cannot write", errno);
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

// What a live tree does to a file between the walk and the copy: removes it, or puts a
// symlink (O_NOFOLLOW: ELOOP) or a directory in its place.
bool gone_while_live(int error_number) { return error_number == ENOENT || error_number == ELOOP; }

}  // namespace

std::unexpected<Error> system_failure(const fs::path& object, const std::string& action, int error_number) {
    return fail(kind_of_errno(error_number), object.string(), action + ": " + std::strerror(error_number));
}

bool ownership_refusal_is_fine(int error_number) { return error_number == EPERM && ::geteuid() != 0; }

Result<void> copy_attributes(int from, int to, const struct stat& info, const fs::path& object) {
    if (::fchown(to, info.st_uid, info.st_gid) != 0 && !ownership_refusal_is_fine(errno))
        return system_failure(object, "cannot set the owner", errno);
    if (auto xattrs = copy_xattrs(ByDescriptor{from}, ByDescriptor{to}, object); !xattrs) return xattrs;
    if (::fchmod(to, info.st_mode & 07777) != 0) return system_failure(object, "cannot set the mode", errno);
    const struct timespec times[2] = {info.st_atim, info.st_mtim};
    if (::futimens(to, times) != 0) return system_failure(object, "cannot set the times", errno);
    return {};
}

Result<void> copy_link_attributes(const fs::path& from, const fs::path& to, const struct stat& info) {
    if (::lchown(to.c_str(), info.st_uid, info.st_gid) != 0 && !ownership_refusal_is_fine(errno))
        return system_failure(to, "cannot set the owner", errno);
    if (auto xattrs = copy_xattrs(ByPath{from.c_str()}, ByPath{to.c_str()}, to); !xattrs) return xattrs;
    // Linux has no mode for a symlink (fchmodat refuses AT_SYMLINK_NOFOLLOW with EOPNOTSUPP).
    if (!S_ISLNK(info.st_mode) && ::chmod(to.c_str(), info.st_mode & 07777) != 0)
        return system_failure(to, "cannot set the mode", errno);
    const struct timespec times[2] = {info.st_atim, info.st_mtim};
    if (::utimensat(AT_FDCWD, to.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
        return system_failure(to, "cannot set the times", errno);
    return {};
}

Result<std::optional<HashedCopy>> copy_file_hashing(const fs::path& source, const fs::path& target, TreeState state,
                                                    std::vector<char>& buffer) {
    // O_NONBLOCK: a FIFO put in the file's place must not hold the copy up; it changes nothing
    // for a regular file.
    FileDescriptor in(::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!in.valid()) {
        if (state == TreeState::live && gone_while_live(errno)) return std::nullopt;
        return system_failure(source, "cannot read", errno);
    }
    struct stat info {};
    if (::fstat(in.get(), &info) != 0) return system_failure(source, "cannot read", errno);
    if (!S_ISREG(info.st_mode)) {
        if (state == TreeState::live) return std::nullopt;
        return fail(ErrorKind::failed, source.string(), "is no longer a regular file");
    }
    FileDescriptor out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!out.valid()) return system_failure(target, "cannot create", errno);
    Sha256Stream sha256;
    while (true) {
        ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return system_failure(source, "cannot read", errno);
        if (n == 0) break;
        sha256.update({buffer.data(), static_cast<std::size_t>(n)});
        if (auto written = write_all(out.get(), buffer.data(), static_cast<std::size_t>(n), target); !written)
            return std::unexpected(written.error());
    }
    if (auto attributes = copy_attributes(in.get(), out.get(), info, target); !attributes)
        return std::unexpected(attributes.error());
    HashedCopy copy{.sha256 = sha256.finish(), .written = {}};
    if (::fstat(out.get(), &copy.written) != 0) return system_failure(target, "cannot read", errno);
    return copy;
}

}  // namespace girofle
