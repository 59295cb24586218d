#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace girofle {

ErrorKind kind_of_errno(int error_number) {
    if (error_number == ENOSPC || error_number == EDQUOT) return ErrorKind::no_space;
    if (error_number == EACCES || error_number == EPERM) return ErrorKind::permission;
    if (error_number == ENOENT) return ErrorKind::not_found;
    return ErrorKind::failed;
}

bool exists_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
}

bool is_directory_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    return std::filesystem::is_directory(path, ignored);
}

Error filesystem_error(const std::filesystem::filesystem_error& error) {
    std::string object = error.path1().empty() ? "filesystem" : error.path1().string();
    std::string cause = error.code().message();
    if (!error.path2().empty()) cause += " (with " + error.path2().string() + ")";
    return Error{kind_of_errno(error.code().value()), std::move(object), std::move(cause)};
}

Result<DiskSpace> free_space(const std::filesystem::path& path) {
    struct statvfs info {};
    if (::statvfs(path.c_str(), &info) != 0)
        return fail(kind_of_errno(errno), path.string(), std::string("cannot read free space: ") + std::strerror(errno));
    return DiskSpace{static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize,
                     static_cast<std::uint64_t>(info.f_favail),
                     static_cast<std::uint64_t>(info.f_blocks) * info.f_frsize, info.f_files != 0};
}

Result<void> create_private_directories(const std::filesystem::path& directory, mode_t mode) {
    std::error_code error;
    if (directory.empty() || std::filesystem::is_directory(directory, error)) return {};
    if (auto parent = create_private_directories(directory.parent_path(), mode); !parent) return parent;
    if (::mkdir(directory.c_str(), mode) != 0) {
        if (errno == EEXIST) return {};  // created meanwhile by a concurrent run
        return fail(kind_of_errno(errno), directory.string(), std::string("cannot create: ") + std::strerror(errno));
    }
    if (::chmod(directory.c_str(), mode) != 0)
        return fail(kind_of_errno(errno), directory.string(), std::string("cannot set its mode: ") + std::strerror(errno));
    return {};
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(kind_of_errno(errno), path.string(), std::string("cannot read: ") + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

Result<void> sync_directory(const std::filesystem::path& directory) {
    int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(kind_of_errno(errno), directory.string(), std::string("cannot open: ") + std::strerror(errno));
    int result = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    if (result != 0) return fail(kind_of_errno(saved), directory.string(), std::string("cannot sync: ") + std::strerror(saved));
    return {};
}

Result<void> sync_filesystem(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(kind_of_errno(errno), path.string(), std::string("cannot open: ") + std::strerror(errno));
    int result = ::syncfs(fd);
    int saved = errno;
    ::close(fd);
    if (result != 0) return fail(kind_of_errno(saved), path.string(), std::string("cannot sync: ") + std::strerror(saved));
    return {};
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path, std::string temporary, int fd)
    : path_(std::move(path)), temporary_(std::move(temporary)), fd_(fd) {}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)), temporary_(std::exchange(other.temporary_, {})),
      fd_(std::exchange(other.fd_, -1)) {}

AtomicFileWriter::~AtomicFileWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Error AtomicFileWriter::failure(const char* doing, int error_number) const {
    return Error{kind_of_errno(error_number), path_.string(), std::string(doing) + std::strerror(error_number)};
}

Result<AtomicFileWriter> AtomicFileWriter::open(const std::filesystem::path& path, mode_t mode) {
    // A fresh name created exclusively (mkostemp: O_CREAT|O_EXCL, so never through a symlink
    // someone planted, never a stale file's mode), hidden by its leading dot (cron skips
    // names with dots), given its final mode before any byte is in it.
    std::string name = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX")).string();
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return fail(kind_of_errno(errno), path.string(), std::string("cannot write: ") + std::strerror(errno));
    AtomicFileWriter writer(path, std::move(name), fd);
    if (::fchmod(fd, mode) != 0) return std::unexpected(writer.failure("cannot set its mode: ", errno));
    return writer;
}

Result<void> AtomicFileWriter::append(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::unexpected(failure("cannot write: ", errno));
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

Result<void> AtomicFileWriter::commit() {
    if (::fsync(fd_) != 0) return std::unexpected(failure("cannot write: ", errno));
    int closed = ::close(std::exchange(fd_, -1));
    if (closed != 0) return std::unexpected(failure("cannot write: ", errno));
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) return std::unexpected(failure("cannot rename: ", errno));
    temporary_.clear();
    return sync_directory(path_.parent_path());
}

Result<void> write_file_atomically(const std::filesystem::path& path, const std::string& content,
                                   mode_t mode) {
    auto writer = AtomicFileWriter::open(path, mode);
    if (!writer) return std::unexpected(writer.error());
    if (auto written = writer->append(content); !written) return written;
    return writer->commit();
}

}  // namespace girofle
