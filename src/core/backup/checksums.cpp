#include "core/backup/checksums.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "core/file_io.hpp"
#include "core/root_layout.hpp"

namespace girofle {
namespace {

constexpr std::size_t kReadBlock = 1 << 20;

InodeHashCache::Key key_of(const struct stat& info) {
    return {info.st_dev, info.st_ino, info.st_size,
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

std::string to_hex(const unsigned char* digest, unsigned length) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

// Kept for every regular file of a snapshot until it is hashed: hundreds of thousands of
// them, so only what hashing needs (a filesystem::path and a struct stat cost ten times more).
struct FoundFile {
    std::string relative;  // to the snapshot: "data/git-data/..."
    InodeHashCache::Key identity;
    bool linked = false;   // more than one name: the same inode may come again, under another
};

std::int64_t size_of(const FoundFile& file) { return std::get<2>(file.identity); }

// Every entry under snapshot/{data,config,log}; regular files returned, others counted. A file
// `known` holds is a hard link to the previous snapshot: it adds no disk.
Result<std::vector<FoundFile>> walk(const std::filesystem::path& snapshot, InodeHashCache& known,
                                    TreeCounts& counts) {
    std::vector<FoundFile> files;
    std::set<std::pair<dev_t, ino_t>> new_linked;  // new files with several names, counted once
    for (const char* kind : RootLayout::kVolumeKinds) {
        const auto top = snapshot / kind;
        std::error_code error;
        if (!std::filesystem::is_directory(top, error)) continue;
        ++counts.directories;
        if (struct stat info {}; ::lstat(top.c_str(), &info) == 0)
            counts.added_bytes += static_cast<std::uint64_t>(info.st_blocks) * 512;
        for (auto it = std::filesystem::recursive_directory_iterator(top, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
            struct stat info {};
            if (::lstat(it->path().c_str(), &info) != 0) continue;
            const auto disk = static_cast<std::uint64_t>(info.st_blocks) * 512;
            if (S_ISDIR(info.st_mode)) {
                ++counts.directories;
                counts.added_bytes += disk;
            } else if (S_ISLNK(info.st_mode)) {
                ++counts.symlinks;
                // Several names: a link to the previous snapshot's (links have no hash to tell).
                if (info.st_nlink == 1) counts.added_bytes += disk;
            } else if (S_ISREG(info.st_mode)) {
                ++counts.files;
                counts.bytes += static_cast<std::uint64_t>(info.st_size);
                if (!known.contains(key_of(info)) &&
                    (info.st_nlink == 1 || new_linked.insert({info.st_dev, info.st_ino}).second))
                    counts.added_bytes += disk;
                // Lexical: the iterator's paths are built from `snapshot` itself, and
                // filesystem::relative would resolve every component of both with syscalls.
                files.push_back({it->path().lexically_relative(snapshot).string(), key_of(info), info.st_nlink > 1});
            }
        }
        if (error) return fail(kind_of_errno(error.value()), top.string(), "cannot read: " + error.message());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
    return files;
}

// Runs `work(i)` for i in [0, count) on every core; the first failure wins.
Result<void> parallel_for(std::size_t count, const std::function<Result<void>(std::size_t)>& work) {
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::optional<Error> failure;
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            if (auto done = work(i); !done) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = done.error();
                next = count;
            }
        }
    };
    unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 8));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    pool.clear();
    if (failure) return std::unexpected(*failure);
    return {};
}

// Escapes as sha256sum does: a leading backslash marks a name holding "\\" or "\n".
std::string escape_name(const std::string& name, bool& escaped) {
    escaped = name.find_first_of("\\\n") != std::string::npos;
    if (!escaped) return name;
    std::string out;
    for (char c : name) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string unescape_name(const std::string& name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) {
            out += name[i + 1] == 'n' ? '\n' : name[i + 1];
            ++i;
        } else {
            out += name[i];
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> InodeHashCache::find(const Key& key) {
    std::lock_guard lock(mutex_);
    auto found = hashes_.find(key);
    if (found == hashes_.end()) return {};
    return found->second;
}

bool InodeHashCache::contains(const Key& key) {
    std::lock_guard lock(mutex_);
    return hashes_.contains(key);
}

void InodeHashCache::store(const Key& key, const std::string& sha256) {
    std::lock_guard lock(mutex_);
    hashes_[key] = sha256;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    return to_hex(digest, length);
}

Result<std::string> sha256_of_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return fail(kind_of_errno(errno), path.string(), std::string("cannot read: ") + std::strerror(errno));
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
    std::vector<char> buffer(kReadBlock);
    while (true) {
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int saved = errno;
            ::close(fd);
            return fail(kind_of_errno(saved), path.string(), std::string("cannot read: ") + std::strerror(saved));
        }
        if (n == 0) break;
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    return to_hex(digest, length);
}

Result<SnapshotChecksums> checksum_snapshot(const std::filesystem::path& snapshot, InodeHashCache& known) {
    SnapshotChecksums result;
    auto found = walk(snapshot, known, result.counts);
    if (!found) return std::unexpected(found.error());
    result.files.resize(found->size());
    std::atomic<std::uint64_t> bytes_read{0};
    auto hashed = parallel_for(found->size(), [&](std::size_t i) -> Result<void> {
        FoundFile& file = (*found)[i];
        if (auto hash = known.find(file.identity)) {
            result.files[i].sha256 = std::move(*hash);
        } else {
            auto computed = sha256_of_file(snapshot / file.relative);
            if (!computed) return std::unexpected(computed.error());
            bytes_read += static_cast<std::uint64_t>(size_of(file));
            // A file with one name cannot come again in this run: remembering it costs memory
            // for every file of a full backup and saves nothing.
            if (file.linked) known.store(file.identity, *computed);
            result.files[i].sha256 = std::move(*computed);
        }
        result.files[i].path = std::move(file.relative);  // the walk's list is done with it
        return {};
    });
    if (!hashed) return std::unexpected(hashed.error());
    result.bytes_read = bytes_read;
    return result;
}

Result<void> remember_hashes(const std::filesystem::path& snapshot,
                             const std::map<std::string, std::string>& hashes, InodeHashCache& cache) {
    for (const auto& [relative, hash] : hashes) {
        struct stat info {};
        if (::lstat((snapshot / relative).c_str(), &info) == 0 && S_ISREG(info.st_mode))
            cache.store(key_of(info), hash);
    }
    return {};
}

std::string format_checksums(const std::vector<FileChecksum>& files) {
    // Sized first: growing by doubling would hold up to twice the text at once.
    std::size_t size = 0;
    for (const auto& file : files) size += 1 + file.sha256.size() + 2 + 2 * file.path.size() + 1;
    std::string text;
    text.reserve(size);
    for (const auto& file : files) {
        bool escaped = false;
        std::string name = escape_name(file.path, escaped);
        text += (escaped ? "\\" : "") + file.sha256 + "  " + name + "\n";
    }
    return text;
}

Result<std::map<std::string, std::string>> parse_checksums(const std::string& text) {
    std::map<std::string, std::string> hashes;
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        bool escaped = !line.empty() && line.front() == '\\';
        if (escaped) line.erase(0, 1);
        if (line.size() < 67 || line[64] != ' ' || line[65] != ' ')
            return fail(ErrorKind::failed, "checksums.sha256", "line " + std::to_string(number) + " is malformed");
        std::string name = line.substr(66);
        hashes[escaped ? unescape_name(name) : name] = line.substr(0, 64);
    }
    return hashes;
}

Result<VerifyReport> verify_snapshot_files(const std::filesystem::path& snapshot,
                                           const std::map<std::string, std::string>& expected,
                                           InodeHashCache& cache) {
    VerifyReport report;
    TreeCounts counts;
    auto found = walk(snapshot, cache, counts);
    if (!found) return std::unexpected(found.error());
    std::vector<std::string> problems(found->size());
    auto checked = parallel_for(found->size(), [&](std::size_t i) -> Result<void> {
        const FoundFile& file = (*found)[i];
        auto wanted = expected.find(file.relative);
        if (wanted == expected.end()) {
            problems[i] = file.relative + ": not in the backup's checksum list (added afterwards)";
            return {};
        }
        auto hash = cache.find(file.identity);
        if (!hash) {
            auto computed = sha256_of_file(snapshot / file.relative);
            if (!computed) {
                problems[i] = file.relative + ": " + computed.error().cause;
                return {};
            }
            if (file.linked) cache.store(file.identity, *computed);
            hash = *computed;
        }
        if (*hash != wanted->second)
            problems[i] = file.relative + ": content differs from the backup (altered or truncated; now " +
                          std::to_string(size_of(file)) + " bytes)";
        return {};
    });
    if (!checked) return std::unexpected(checked.error());
    std::map<std::string, bool> present;
    for (const auto& file : *found) present[file.relative] = true;
    for (const auto& [path, hash] : expected)
        if (!present.contains(path)) report.problems.push_back(path + ": missing");
    for (auto& problem : problems)
        if (!problem.empty()) report.problems.push_back(std::move(problem));
    std::sort(report.problems.begin(), report.problems.end());
    report.files_checked = found->size();
    return report;
}

}  // namespace girofle
