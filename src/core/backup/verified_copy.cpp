#include "core/backup/verified_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/backup/checksums.hpp"
#include "core/backup/file_copy.hpp"
#include "core/backup/manifest.hpp"
#include "core/file_descriptor.hpp"
#include "core/file_io.hpp"
#include "core/interruption.hpp"
#include "core/parallel_for.hpp"

namespace girofle {
namespace {

namespace fs = std::filesystem;

struct Entry {
    std::string relative;  // to the snapshot; the same path under the destination
    struct stat info {};
};

// What the walk found, in the order it found it (a directory before its content).
struct Plan {
    std::vector<Entry> directories;
    std::vector<Entry> files;                     // the first name of each regular file
    std::vector<std::pair<Entry, std::size_t>> aliases;  // further names -> index in files
    std::vector<Entry> symlinks;
    std::vector<Entry> specials;
};

Result<Plan> walk(const VerifiedCopyRequest& request, VerifiedCopyStats& stats) {
    Plan plan;
    std::map<std::pair<dev_t, ino_t>, std::size_t> first_name;  // hard-linked files seen
    for (const auto& tree : request.trees) {
        const fs::path top = request.snapshot / tree;
        Entry root{tree, {}};
        if (::lstat(top.c_str(), &root.info) != 0) {
            if (errno != ENOENT) return system_failure(top, "cannot read", errno);
            if (::mkdir((request.destination / tree).c_str(), 0755) != 0)
                return system_failure(request.destination / tree, "cannot create", errno);
            continue;
        }
        if (!S_ISDIR(root.info.st_mode)) return fail(ErrorKind::failed, top.string(), "not a directory");
        plan.directories.push_back(root);
        std::error_code error;
        for (fs::recursive_directory_iterator it(top, error), end; !error && it != end; it.increment(error)) {
            Entry entry{tree + "/" + it->path().lexically_relative(top).string(), {}};
            if (::lstat(it->path().c_str(), &entry.info) != 0) return system_failure(it->path(), "cannot read", errno);
            const mode_t type = entry.info.st_mode & S_IFMT;
            if (type == S_IFDIR) {
                plan.directories.push_back(std::move(entry));
            } else if (type == S_IFLNK) {
                plan.symlinks.push_back(std::move(entry));
            } else if (type != S_IFREG) {
                plan.specials.push_back(std::move(entry));
            } else if (entry.info.st_nlink > 1) {
                auto [known, inserted] = first_name.try_emplace({entry.info.st_dev, entry.info.st_ino}, plan.files.size());
                if (inserted) plan.files.push_back(std::move(entry));
                else plan.aliases.emplace_back(std::move(entry), known->second);
            } else {
                plan.files.push_back(std::move(entry));
            }
        }
        if (error) return fail(kind_of_errno(error.value()), top.string(), "cannot read: " + error.message());
    }
    stats.directories = plan.directories.size();
    stats.files = plan.files.size();
    stats.hard_links = plan.aliases.size();
    stats.symlinks = plan.symlinks.size();
    stats.specials = plan.specials.size();
    return plan;
}

// Every regular file listed, every listed file present: checked before a byte is copied.
Result<void> check_listing(const VerifiedCopyRequest& request, const Plan& plan) {
    std::size_t listed = 0;
    auto check = [&](const Entry& entry) -> Result<void> {
        if (!request.expected.contains(entry.relative))
            return fail(ErrorKind::failed, (request.snapshot / entry.relative).string(),
                        "not in the backup's checksum list (added afterwards)");
        ++listed;
        return {};
    };
    for (const auto& file : plan.files)
        if (auto ok = check(file); !ok) return ok;
    for (const auto& [alias, first] : plan.aliases)
        if (auto ok = check(alias); !ok) return ok;
    if (listed == request.expected.size()) return {};
    std::map<std::string, bool> present;
    for (const auto& file : plan.files) present[file.relative] = true;
    for (const auto& [alias, first] : plan.aliases) present[alias.relative] = true;
    for (const auto& [relative, hash] : request.expected)
        if (!present.contains(relative))
            return fail(ErrorKind::failed, (request.snapshot / relative).string(), "missing from the backup");
    return {};
}

// Reads the file once: each block is hashed, then written. Returns the content's SHA-256.
Result<std::string> copy_and_hash(const VerifiedCopyRequest& request, const Entry& file, std::vector<char>& buffer) {
    auto copied = copy_file_hashing(request.snapshot / file.relative, request.destination / file.relative,
                                    TreeState::still, buffer);
    if (!copied) return std::unexpected(copied.error());
    return to_hex((*copied)->sha256);
}

Result<void> check_hash(const VerifiedCopyRequest& request, const std::string& relative, const std::string& hash) {
    if (request.expected.at(relative) == hash) return {};
    return fail(ErrorKind::failed, (request.snapshot / relative).string(),
                "content differs from the backup's checksum list (altered or truncated since the backup)");
}

// The regular files, `workers` at a time; the first failure stops the others.
Result<std::vector<std::string>> copy_files(const VerifiedCopyRequest& request, const Plan& plan,
                                            std::atomic<std::uint64_t>& bytes) {
    std::vector<std::string> hashes(plan.files.size());
    const unsigned workers = request.workers == 0 ? kDefaultCopyWorkers : request.workers;
    auto copied = parallel_for(plan.files.size(), workers, [&](std::size_t i) -> Result<void> {
        thread_local std::vector<char> buffer(kCopyBlock);
        if (interrupted()) return fail(ErrorKind::failed, request.destination.string(), "interrupted");
        auto hash = copy_and_hash(request, plan.files[i], buffer);
        if (!hash) return std::unexpected(hash.error());
        hashes[i] = std::move(*hash);
        bytes += static_cast<std::uint64_t>(plan.files[i].info.st_size);
        return check_hash(request, plan.files[i].relative, hashes[i]);
    });
    if (!copied) return std::unexpected(copied.error());
    return hashes;
}

Result<void> create_directories(const VerifiedCopyRequest& request, const Plan& plan) {
    for (const auto& directory : plan.directories)
        if (::mkdir((request.destination / directory.relative).c_str(), 0700) != 0)
            return system_failure(request.destination / directory.relative, "cannot create", errno);
    return {};
}

Result<void> create_symlinks_and_specials(const VerifiedCopyRequest& request, const Plan& plan) {
    for (const auto& link : plan.symlinks) {
        const fs::path source = request.snapshot / link.relative;
        const fs::path target = request.destination / link.relative;
        std::string pointee(static_cast<std::size_t>(link.info.st_size) + 1, '\0');
        ssize_t length = ::readlink(source.c_str(), pointee.data(), pointee.size());
        if (length < 0) return system_failure(source, "cannot read the link", errno);
        pointee.resize(static_cast<std::size_t>(length));
        if (::symlink(pointee.c_str(), target.c_str()) != 0) return system_failure(target, "cannot create", errno);
        if (auto attributes = copy_link_attributes(source, target, link.info); !attributes) return attributes;
    }
    for (const auto& special : plan.specials) {
        const fs::path target = request.destination / special.relative;
        if (::mknod(target.c_str(), special.info.st_mode, special.info.st_rdev) != 0)
            return system_failure(target, "cannot create", errno);
        if (auto attributes = copy_link_attributes(request.snapshot / special.relative, target, special.info);
            !attributes)
            return attributes;
    }
    return {};
}

Result<void> link_aliases(const VerifiedCopyRequest& request, const Plan& plan, const std::vector<std::string>& hashes) {
    for (const auto& [alias, first] : plan.aliases) {
        if (auto same = check_hash(request, alias.relative, hashes[first]); !same) return same;
        const fs::path target = request.destination / alias.relative;
        if (::link((request.destination / plan.files[first].relative).c_str(), target.c_str()) != 0)
            return system_failure(target, "cannot create the hard link", errno);
    }
    return {};
}

// Deepest first: writing into a directory changes its times, and a read-only one takes no files.
Result<void> finish_directories(const VerifiedCopyRequest& request, const Plan& plan) {
    for (auto directory = plan.directories.rbegin(); directory != plan.directories.rend(); ++directory) {
        const fs::path source = request.snapshot / directory->relative;
        const fs::path target = request.destination / directory->relative;
        FileDescriptor from(::open(source.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
        if (!from.valid()) return system_failure(source, "cannot read", errno);
        FileDescriptor to(::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
        if (!to.valid()) return system_failure(target, "cannot open", errno);
        if (auto attributes = copy_attributes(from.get(), to.get(), directory->info, target); !attributes)
            return attributes;
    }
    return {};
}

Result<VerifiedCopyStats> copy_into_destination(const VerifiedCopyRequest& request) {
    VerifiedCopyStats stats;
    auto plan = walk(request, stats);
    if (!plan) return std::unexpected(plan.error());
    if (auto listed = check_listing(request, *plan); !listed) return std::unexpected(listed.error());
    if (auto made = create_directories(request, *plan); !made) return std::unexpected(made.error());
    std::atomic<std::uint64_t> bytes{0};
    auto hashes = copy_files(request, *plan, bytes);
    if (!hashes) return std::unexpected(hashes.error());
    stats.bytes = bytes;
    if (auto linked = link_aliases(request, *plan, *hashes); !linked) return std::unexpected(linked.error());
    if (auto made = create_symlinks_and_specials(request, *plan); !made) return std::unexpected(made.error());
    if (auto finished = finish_directories(request, *plan); !finished) return std::unexpected(finished.error());
    return stats;
}

}  // namespace

Result<VerifiedCopyStats> verified_copy(const VerifiedCopyRequest& request) {
    if (request.destination_made_by_caller) {
        std::error_code error;
        if (!fs::is_empty(request.destination, error) || error)
            return fail(ErrorKind::failed, request.destination.string(), "is not an empty directory");
    } else if (::mkdir(request.destination.c_str(), 0755) != 0) {
        if (errno == EEXIST) return fail(ErrorKind::failed, request.destination.string(), "already exists");
        return system_failure(request.destination, "cannot create", errno);
    }
    auto copied = copy_into_destination(request);
    if (!copied) {
        std::error_code ignored;
        fs::remove_all(request.destination, ignored);
    }
    return copied;
}

Result<std::map<std::string, std::string>> read_recorded_checksums(const fs::path& snapshot,
                                                                   const std::string& list_sha256) {
    const fs::path list = snapshot / kChecksumsFile;
    auto text = read_text_file(list);
    if (!text) return fail(ErrorKind::failed, list.string(), "missing or unreadable: " + text.error().cause);
    if (sha256_hex(*text) != list_sha256)
        return fail(ErrorKind::failed, list.string(), "altered since the backup was taken");
    return parse_checksums(*text);
}

}  // namespace girofle
