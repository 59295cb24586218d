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
#include <thread>

#include "core/backup/manifest.hpp"
#include "core/file_io.hpp"
#include "core/parallel_for.hpp"
#include "core/root_layout.hpp"
#include "core/tree_walk.hpp"

namespace girofle {
namespace {

constexpr std::size_t kReadBlock = 1 << 20;

// Hashing is bound by the CPU: one thread a core.
unsigned hashing_threads() { return std::min<unsigned>(std::thread::hardware_concurrency(), 8); }

std::int64_t nanoseconds(const struct timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

template <typename Entries, typename Key>
auto find_sorted(const Entries& entries, const Key& key) -> decltype(&entries.front()) {
    auto found = std::lower_bound(entries.begin(), entries.end(), key,
                                  [](const auto& entry, const Key& wanted) { return entry.first < wanted; });
    return found != entries.end() && found->first == key ? &*found : nullptr;
}

template <typename Entries>
void sort_by_key(Entries& entries) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

// A regular file the walk found whose hash `known` did not hold: what hashing it needs.
// Hundreds of thousands of them in a full backup, so no filesystem::path, no struct stat.
struct Unhashed {
    std::size_t index;             // into the walk's list
    InodeHashCache::Key identity;
    bool linked = false;           // more than one name: the same inode may come again, under another
};

struct Walked {
    ChecksumList files;              // in the walk's order; sha256 set where `known` held it
    std::deque<Unhashed> unhashed;   // the rest
};

// Every entry under snapshot/{data,config,log}; regular files listed, others counted. A file
// `known` holds is a hard link to the previous snapshot: it adds no disk, and its hash is
// taken from there.
Result<Walked> walk(const std::filesystem::path& snapshot, InodeHashCache& known, TreeCounts& counts) {
    Walked walked;
    std::set<std::pair<dev_t, ino_t>> new_linked;  // new files with several names, counted once
    for (const char* kind : RootLayout::kVolumeKinds) {
        const auto top = snapshot / kind;
        std::error_code error;
        if (!std::filesystem::is_directory(top, error)) continue;
        ++counts.directories;
        if (struct stat info {}; ::lstat(top.c_str(), &info) == 0)
            counts.added_bytes += static_cast<std::uint64_t>(info.st_blocks) * 512;
        const std::string prefix = std::string(kind) + "/";
        auto walked_kind = walk_tree(top, TreeState::still, [&](const WalkedEntry& entry) {
            const struct stat& info = entry.info;
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
                const auto identity = InodeHashCache::key_of(info);
                const auto linked_to_previous = known.find(identity);
                if (!linked_to_previous && (info.st_nlink == 1 || new_linked.insert({info.st_dev, info.st_ino}).second))
                    counts.added_bytes += disk;
                auto hash = linked_to_previous ? linked_to_previous : known.find_written(info);
                if (!hash) walked.unhashed.push_back({walked.files.size(), identity, info.st_nlink > 1});
                walked.files.push_back({prefix + entry.relative(), hash.value_or(Sha256Digest{})});
            }
        });
        if (!walked_kind) return std::unexpected(walked_kind.error());
    }
    return walked;
}

// Escapes as sha256sum does: a leading backslash marks a name holding "\\" or "\n".
std::string escape_name(std::string_view name, bool& escaped) {
    escaped = name.find_first_of("\\\n") != std::string_view::npos;
    if (!escaped) return std::string(name);
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

struct ChecksumLine {
    std::string name;
    std::string_view hex;  // into the line
};

// One line of sha256sum's output, without its newline; `number` counts from 1.
Result<ChecksumLine> parse_line(std::string_view line, std::size_t number) {
    bool escaped = !line.empty() && line.front() == '\\';
    if (escaped) line.remove_prefix(1);
    if (line.size() < 67 || line[64] != ' ' || line[65] != ' ')
        return fail(ErrorKind::failed, "checksums.sha256", "line " + std::to_string(number) + " is malformed");
    std::string name(line.substr(66));
    return ChecksumLine{escaped ? unescape_name(name) : std::move(name), line.substr(0, 64)};
}

// Reads the file at `path` to its end in blocks of at most kReadBlock bytes, handing each to
// `take` until it returns false. `flags` adds to O_RDONLY. Errors: open/read's, naming `path`.
Result<void> read_blocks(const std::filesystem::path& path, int flags,
                         const std::function<bool(std::string_view)>& take) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0) return fail(kind_of_errno(errno), path.string(), std::string("cannot read: ") + std::strerror(errno));
    std::vector<char> buffer(kReadBlock);
    while (true) {
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int saved = errno;
            ::close(fd);
            return fail(kind_of_errno(saved), path.string(), std::string("cannot read: ") + std::strerror(saved));
        }
        if (n == 0 || !take(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) break;
    }
    ::close(fd);
    return {};
}

}  // namespace

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
}

void Sha256Stream::update(std::string_view bytes) { EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()); }

Sha256Digest Sha256Stream::finish() {
    Sha256Digest digest{};
    unsigned length = 0;
    EVP_DigestFinal_ex(context_.get(), digest.data(), &length);
    return digest;
}

std::string to_hex(const Sha256Digest& digest) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * digest.size());
    for (unsigned char byte : digest) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}

std::optional<Sha256Digest> digest_from_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    Sha256Digest digest{};
    for (std::size_t i = 0; i < digest.size(); ++i) {
        int high = value(hex[2 * i]);
        int low = value(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        digest[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return digest;
}

ChecksumList::ChecksumList(std::initializer_list<FileChecksum> files) {
    for (const auto& file : files) push_back(file);
}

void ChecksumList::sort_by_path() {
    std::sort(files_.begin(), files_.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
}

InodeHashCache::Key InodeHashCache::key_of(const struct stat& info) {
    return {info.st_dev, info.st_ino, info.st_size, nanoseconds(info.st_mtim)};
}

InodeHashCache::WrittenKey InodeHashCache::written_key_of(const struct stat& info) {
    return {info.st_dev, info.st_ino, info.st_size, nanoseconds(info.st_mtim), nanoseconds(info.st_ctim)};
}

void InodeHashCache::load(std::deque<Entry> entries) {
    sort_by_key(entries);
    loaded_ = std::move(entries);
}

void InodeHashCache::load_written(std::deque<Written> entries) {
    sort_by_key(entries);
    written_ = std::move(entries);
}

std::optional<Sha256Digest> InodeHashCache::find(const Key& key) {
    if (const Entry* entry = find_sorted(loaded_, key)) return entry->second;
    std::lock_guard lock(mutex_);
    auto found = stored_.find(key);
    if (found == stored_.end()) return std::nullopt;
    return found->second;
}

std::optional<Sha256Digest> InodeHashCache::find_written(const struct stat& info) const {
    if (const Written* entry = find_sorted(written_, written_key_of(info))) return entry->second;
    return std::nullopt;
}

void InodeHashCache::store(const Key& key, const Sha256Digest& sha256) {
    std::lock_guard lock(mutex_);
    stored_[key] = sha256;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256Stream sha256;
    sha256.update(bytes);
    return to_hex(sha256.finish());
}

Result<Sha256Digest> sha256_of_file(const std::filesystem::path& path) {
    Sha256Stream sha256;
    auto read = read_blocks(path, O_NOFOLLOW, [&](std::string_view block) {
        sha256.update(block);
        return true;
    });
    if (!read) return std::unexpected(read.error());
    return sha256.finish();
}

Result<SnapshotChecksums> checksum_snapshot(const std::filesystem::path& snapshot, InodeHashCache& known) {
    SnapshotChecksums result;
    auto walked = walk(snapshot, known, result.counts);
    if (!walked) return std::unexpected(walked.error());
    std::atomic<std::uint64_t> bytes_read{0};
    auto hashed = parallel_for(walked->unhashed.size(), hashing_threads(), [&](std::size_t i) -> Result<void> {
        const Unhashed& file = walked->unhashed[i];
        Sha256Digest& sha256 = walked->files[file.index].sha256;
        if (auto hash = known.find(file.identity)) {  // another of its names, hashed meanwhile
            sha256 = *hash;
            return {};
        }
        auto computed = sha256_of_file(snapshot / walked->files[file.index].path);
        if (!computed) return std::unexpected(computed.error());
        bytes_read += static_cast<std::uint64_t>(std::get<2>(file.identity));
        // A file with one name cannot come again in this run: remembering it costs memory
        // for every file of a full backup and saves nothing.
        if (file.linked) known.store(file.identity, *computed);
        sha256 = *computed;
        return {};
    });
    if (!hashed) return std::unexpected(hashed.error());
    // Sorted in place once the identities are gone: no second list of every file at once.
    walked->unhashed = {};
    result.files = std::move(walked->files);
    result.files.sort_by_path();
    result.bytes_read = bytes_read;
    return result;
}

Result<std::size_t> remember_checksums(const std::filesystem::path& snapshot, const std::string& list_sha256,
                                       InodeHashCache& cache) {
    const std::filesystem::path list = snapshot / kChecksumsFile;
    Sha256Stream sha256;
    std::deque<InodeHashCache::Entry> entries;
    std::optional<std::size_t> malformed;  // the first bad line's number
    std::size_t number = 0;
    auto take = [&](std::string_view line) {
        auto parsed = parse_line(line, ++number);
        auto digest = parsed ? digest_from_hex(parsed->hex) : std::nullopt;
        if (!digest) {
            malformed = number;
            return;
        }
        struct stat info {};
        if (::lstat((snapshot / parsed->name).c_str(), &info) == 0 && S_ISREG(info.st_mode))
            entries.push_back({InodeHashCache::key_of(info), *digest});
    };
    std::string pending;  // a line cut by the end of a block
    auto read = read_blocks(list, 0, [&](std::string_view block) {
        sha256.update(block);
        pending.append(block);
        std::size_t start = 0;
        for (std::size_t end; !malformed && (end = pending.find('\n', start)) != std::string::npos; start = end + 1)
            take(std::string_view(pending).substr(start, end - start));
        pending.erase(0, start);
        return !malformed;
    });
    if (!read) return std::unexpected(read.error());
    if (!malformed && !pending.empty()) take(pending);
    if (malformed) return fail(ErrorKind::failed, list.string(), "line " + std::to_string(*malformed) + " is malformed");
    if (to_hex(sha256.finish()) != list_sha256)
        return fail(ErrorKind::failed, list.string(), "altered since the backup was taken");
    const std::size_t count = entries.size();
    cache.load(std::move(entries));
    return count;
}

void append_checksum_line(std::string& text, const FileChecksum& file) {
    bool escaped = false;
    std::string name = escape_name(file.path, escaped);
    if (escaped) text += '\\';
    text += to_hex(file.sha256);
    text += "  ";
    text += name;
    text += '\n';
}

std::string format_checksums(const ChecksumList& files) {
    std::string text;
    for (const auto& file : files) append_checksum_line(text, file);
    return text;
}

Result<std::string> write_checksums(const std::filesystem::path& path, const ChecksumList& files) {
    auto writer = AtomicFileWriter::open(path, 0600);
    if (!writer) return std::unexpected(writer.error());
    Sha256Stream sha256;
    std::string block;
    auto flush = [&]() -> Result<void> {
        sha256.update(block);
        auto written = writer->append(block);
        block.clear();
        return written;
    };
    for (const auto& file : files) {
        append_checksum_line(block, file);
        if (block.size() >= kReadBlock)
            if (auto written = flush(); !written) return std::unexpected(written.error());
    }
    if (auto written = flush(); !written) return std::unexpected(written.error());
    if (auto committed = writer->commit(); !committed) return std::unexpected(committed.error());
    return to_hex(sha256.finish());
}

Result<std::map<std::string, std::string>> parse_checksums(const std::string& text) {
    std::map<std::string, std::string> hashes;
    std::size_t number = 0;
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        auto line = parse_line(std::string_view(text).substr(start, end - start), ++number);
        if (!line) return std::unexpected(line.error());
        hashes[std::move(line->name)] = std::string(line->hex);
    }
    return hashes;
}

Result<VerifyReport> verify_snapshot_files(const std::filesystem::path& snapshot,
                                           const std::map<std::string, std::string>& expected,
                                           InodeHashCache& cache) {
    VerifyReport report;
    TreeCounts counts;
    auto walked = walk(snapshot, cache, counts);
    if (!walked) return std::unexpected(walked.error());
    const ChecksumList& files = walked->files;
    std::vector<std::string> problems(files.size());
    auto hashed = parallel_for(walked->unhashed.size(), hashing_threads(), [&](std::size_t i) -> Result<void> {
        const Unhashed& file = walked->unhashed[i];
        const std::string relative(files[file.index].path);
        if (!expected.contains(relative)) return {};  // reported below, whatever it holds
        auto hash = cache.find(file.identity);
        if (!hash) {
            auto computed = sha256_of_file(snapshot / relative);
            if (!computed) {
                problems[file.index] = relative + ": " + computed.error().cause;
                return {};
            }
            if (file.linked) cache.store(file.identity, *computed);
            hash = *computed;
        }
        walked->files[file.index].sha256 = *hash;
        return {};
    });
    if (!hashed) return std::unexpected(hashed.error());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string path(files[i].path);
        auto wanted = expected.find(path);
        if (wanted == expected.end()) {
            problems[i] = path + ": not in the backup's checksum list (added afterwards)";
        } else if (problems[i].empty() && to_hex(files[i].sha256) != wanted->second) {
            struct stat info {};
            ::lstat((snapshot / path).c_str(), &info);
            problems[i] = path + ": content differs from the backup (altered or truncated; now " +
                          std::to_string(info.st_size) + " bytes)";
        }
    }
    std::set<std::string_view> present;
    for (const auto& file : files) present.insert(file.path);
    for (const auto& [path, hash] : expected)
        if (!present.contains(path)) report.problems.push_back(path + ": missing");
    for (auto& problem : problems)
        if (!problem.empty()) report.problems.push_back(std::move(problem));
    std::sort(report.problems.begin(), report.problems.end());
    report.files_checked = files.size();
    return report;
}

}  // namespace girofle
