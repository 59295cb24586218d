#include "core/backup/checksums.hpp"
#include "feeds.hpp"

namespace girofle::fuzz {

void feed_checksums(std::string_view input) {
    auto hashes = parse_checksums(std::string(input));
    if (!hashes) return;
    // Lines with a real SHA-256 (64 lowercase hex digits) come back as they went in.
    ChecksumList files;
    for (const auto& [path, sha256] : *hashes)
        if (auto digest = digest_from_hex(sha256); digest && to_hex(*digest) == sha256)
            files.push_back({path, *digest});
    auto reread = parse_checksums(format_checksums(files));
    require(reread.has_value(), "a written checksum list parses");
    require(reread->size() == files.size(), "a written checksum list keeps every file");
    for (const auto& file : files) {
        auto found = reread->find(std::string(file.path));
        require(found != reread->end() && found->second == to_hex(file.sha256),
                "a written checksum list keeps each file's path and hash");
    }
}

}  // namespace girofle::fuzz
