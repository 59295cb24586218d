#include "core/backup/tree_changes.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/file_io.hpp"
#include "core/tree_walk.hpp"

namespace girofle {
namespace {

constexpr FileTime kMargin = 2'000'000'000;  // 2 s

// How a directory of the source stands against the copy.
enum class Directory {
    listed_alike,  // unchanged names since `since`: only its entries' own changes matter
    names_changed, // names added or removed since: compare its names with the copy's
    absent,        // not in the copy: everything under it is copied
};

struct Pending {
    std::string relative;  // "" for the top
    Directory state;
};

// rsync's quick check and more: what rsync -a would set differently.
bool differs(const struct stat& source, const struct stat& copy) {
    return source.st_mode != copy.st_mode || source.st_uid != copy.st_uid || source.st_gid != copy.st_gid ||
           (!S_ISDIR(source.st_mode) && source.st_size != copy.st_size) ||
           file_time(source.st_mtim) != file_time(copy.st_mtim);
}

}  // namespace

FileTime file_time(const struct timespec& time) {
    return static_cast<FileTime>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

FileTime copy_start_time() {
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return file_time(now) - kMargin;
}

FileTime copy_start_time(std::chrono::system_clock::time_point started) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(started.time_since_epoch()).count() - kMargin;
}

Result<TreeChanges> changes_since(const std::filesystem::path& source, const std::filesystem::path& copy,
                                  FileTime since, const std::optional<DirectoryInodes>& at_copy) {
    TreeChanges changes;
    struct stat top {};
    if (::lstat(source.c_str(), &top) != 0)
        return cannot_read(source);
    struct stat top_copy {};
    if (::lstat(copy.c_str(), &top_copy) != 0)
        return cannot_read(copy);
    changes.directories.emplace("", top.st_ino);
    const bool top_changed = file_time(top.st_ctim) >= since;
    if (top_changed || differs(top, top_copy)) changes.to_copy.emplace_back(".");
    std::vector<Pending> pending = {{"", top_changed ? Directory::names_changed : Directory::listed_alike}};
    while (!pending.empty()) {
        const Pending directory = std::move(pending.back());
        pending.pop_back();
        const auto source_directory = source / directory.relative;
        const auto copy_directory = copy / directory.relative;
        // Entries are examined relative to their directory's descriptor: one path lookup per
        // directory, not one per entry, inside the pause.
        const FileDescriptor source_fd = open_directory(source_directory);
        if (!source_fd.valid())
            return cannot_read(source_directory);
        const FileDescriptor copy_fd =
            directory.state == Directory::absent ? FileDescriptor(-1) : open_directory(copy_directory);
        if (directory.state != Directory::absent && !copy_fd.valid())
            return cannot_read(copy_directory);
        auto names = names_in(source_fd, source_directory);
        if (!names) return std::unexpected(names.error());
        for (const auto& name : *names) {
            const std::string relative = relative_path(directory.relative, name.c_str());
            struct stat entry {};
            if (::fstatat(source_fd.get(), name.c_str(), &entry, AT_SYMLINK_NOFOLLOW) != 0) {
                const int saved = errno;  // before building the path, which may allocate
                if (saved == ENOENT) continue;  // not GitLab's: it is paused
                return cannot_read(source_directory / name, saved);
            }
            ++changes.entries;
            const bool is_directory = S_ISDIR(entry.st_mode);
            if (is_directory) changes.directories.emplace(relative, entry.st_ino);
            if (directory.state == Directory::absent) {
                changes.to_copy.push_back(relative);
                if (is_directory) pending.push_back({relative, Directory::absent});
                continue;
            }
            struct stat copied {};
            if (::fstatat(copy_fd.get(), name.c_str(), &copied, AT_SYMLINK_NOFOLLOW) != 0) {
                changes.to_copy.push_back(relative);
                if (is_directory) pending.push_back({relative, Directory::absent});
                continue;
            }
            const bool replaced = is_directory && at_copy && !same_directory(*at_copy, relative, entry.st_ino);
            if (replaced || (entry.st_mode & S_IFMT) != (copied.st_mode & S_IFMT)) {
                changes.to_remove.push_back(relative);
                changes.to_copy.push_back(relative);
                if (is_directory) pending.push_back({relative, Directory::absent});
                continue;
            }
            const bool changed_since = file_time(entry.st_ctim) >= since;
            if (changed_since || differs(entry, copied)) {
                // Never changed in place: rsync would set a new mode, owner or mtime on the
                // inode the older snapshots share. Removed, it is linked again only if alike.
                if (!is_directory) changes.to_remove.push_back(relative);
                changes.to_copy.push_back(relative);
            }
            if (is_directory)
                pending.push_back({relative, changed_since ? Directory::names_changed : Directory::listed_alike});
        }
        if (directory.state != Directory::names_changed) continue;
        auto in_copy = names_in(copy_fd, copy_directory);
        if (!in_copy) return std::unexpected(in_copy.error());
        std::sort(names->begin(), names->end());
        for (const auto& name : *in_copy)
            if (!std::binary_search(names->begin(), names->end(), name))
                changes.to_remove.push_back(relative_path(directory.relative, name.c_str()));
    }
    return changes;
}

Result<void> remove_from_copy(const std::filesystem::path& copy, const std::vector<std::string>& entries) {
    for (const auto& relative : entries) {
        std::error_code error;
        std::filesystem::remove_all(copy / relative, error);
        if (error)
            return fail(kind_of_errno(error.value()), (copy / relative).string(), "cannot remove: " + error.message());
    }
    return {};
}

}  // namespace girofle
