#include <algorithm>

#include "core/backup/checksums.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

void feed_checksums(std::string_view input) {
    auto hashes = parse_checksums(std::string(input));
    if (!hashes) return;
    // Lines with a real SHA-256 (64 lowercase hex digits) come back as they went in.
    std::vector<FileChecksum> files;
    for (const auto& [path, sha256] : *hashes)
        if (std::all_of(sha256.begin(), sha256.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
            files.push_back({path, sha256});
    auto reread = parse_checksums(format_checksums(files));
    require(reread.has_value(), "a written checksum list parses");
    require(reread->size() == files.size(), "a written checksum list keeps every file");
    for (const auto& file : files) {
        auto found = reread->find(file.path);
        require(found != reread->end() && found->second == file.sha256,
                "a written checksum list keeps each file's path and hash");
    }
}

}  // namespace girofle::fuzz
