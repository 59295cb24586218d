// An open file descriptor that closes itself: for the system calls that work on descriptors
// (fstatat, fdopendir, copy_file_range) where a path would be resolved again each time.
#pragma once

#include <unistd.h>

#include <utility>

namespace girofle {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}  // a negative fd: none (open failed)
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other) {
            if (fd_ >= 0) ::close(fd_);
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }

private:
    int fd_;
};

}  // namespace girofle
