#include "core/backup/rsync.hpp"

#include <regex>

namespace girofle {
namespace {

constexpr int kRsyncPartialTransfer = 23;
constexpr int kRsyncVanishedFiles = 24;
constexpr int kRsyncFileIo = 11;

std::uint64_t stat_number(const std::string& output, const std::string& label) {
    std::smatch match;
    if (!std::regex_search(output, match, std::regex(label + R"(: ([0-9,]+))"))) return 0;
    std::string digits;
    for (char c : match[1].str())
        if (c != ',') digits += c;
    return digits.empty() ? 0 : std::stoull(digits);
}

}  // namespace

bool linked_by_quick_check(const struct stat& source, const struct stat& previous) {
    return source.st_size == previous.st_size && source.st_mtim.tv_sec == previous.st_mtim.tv_sec &&
           source.st_mtim.tv_nsec == previous.st_mtim.tv_nsec && source.st_mode == previous.st_mode &&
           source.st_uid == previous.st_uid && source.st_gid == previous.st_gid;
}

std::vector<std::string> rsync_argv(const TreeCopy& copy) {
    std::vector<std::string> argv = {"rsync", "-aHAX", "--numeric-ids"};
    if (copy.only) {
        argv.insert(argv.end(), {"--files-from=-", "--from0"});
        // Listed because they may have changed: a file rewritten with its mtime put back has
        // changed all the same, while one only touched (chmod back and forth, or written just
        // before the live pass) must stay a hard link to the previous snapshot.
        if (copy.only_compared_by == Comparison::content) argv.push_back("--checksum");
        if (copy.live_source) argv.push_back("--ignore-missing-args");
    } else {
        argv.push_back("--delete");
    }
    argv.insert(argv.end(), {"--modify-window=-1", "--stats"});
    if (copy.link_dest) argv.push_back("--link-dest=" + std::filesystem::absolute(*copy.link_dest).string());
    argv.push_back(copy.source.string() + "/");
    argv.push_back(copy.destination.string() + "/");
    return argv;
}

TreeCopyStats parse_rsync_stats(const std::string& output) {
    return {stat_number(output, "Total transferred file size"),
            stat_number(output, "Number of regular files transferred"),
            stat_number(output, "Number of files"),
            stat_number(output, R"(Number of files: [0-9,]+ \([^)]*dir)")};
}

Result<TreeCopyStats> copy_tree(ProcessRunner& processes, const TreeCopy& copy) {
    if (copy.only && copy.only->empty()) return TreeCopyStats{};
    ProcessRequest request{.argv = rsync_argv(copy), .cancel_on_interruption = true};
    if (copy.only) {
        std::string list;
        for (const auto& entry : *copy.only) list.append(entry).push_back('\0');
        request.stdin_data = std::move(list);
    }
    auto result = processes.run(request);
    if (!result) return std::unexpected(result.error());
    const std::string object = copy.source.string();
    if (result->err.find("No space left on device") != std::string::npos ||
        result->err.find("Disk quota exceeded") != std::string::npos)
        return fail(ErrorKind::no_space, copy.destination.parent_path().string(),
                    "not enough space: the copy ran out of room (" + tail_of(result->err, 160) + ")");
    const bool moving_tree = copy.live_source && (result->exit_code == kRsyncVanishedFiles ||
                                                  result->exit_code == kRsyncPartialTransfer);
    if (result->succeeded() || moving_tree) {
        auto stats = parse_rsync_stats(result->out);
        stats.incomplete = result->exit_code == kRsyncPartialTransfer;
        return stats;
    }
    if (result->signal != 0 || result->exit_code == 20)
        return fail(ErrorKind::failed, object, "copy interrupted");
    const bool io_error = result->exit_code == kRsyncFileIo || result->exit_code == kRsyncPartialTransfer;
    return fail(ErrorKind::failed, object,
                std::string(io_error ? "copy failed: " : "rsync failed: ") + "exit status " +
                    std::to_string(result->exit_code) + ": " + tail_of(result->err));
}

}  // namespace girofle
