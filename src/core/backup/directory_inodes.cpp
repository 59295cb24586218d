#include "core/backup/directory_inodes.hpp"

#include <charconv>

#include "core/file_io.hpp"

namespace girofle {

bool same_directory(const DirectoryInodes& recorded, const std::string& relative, ino_t inode) {
    auto found = recorded.find(relative);
    return found != recorded.end() && found->second == inode;
}

Result<void> write_directory_inodes(const std::filesystem::path& file, const DirectoryInodes& directories) {
    std::string text;
    for (const auto& [relative, inode] : directories) {
        text += std::to_string(inode);
        text += ' ';
        text += relative;
        text += '\0';
    }
    return write_file_atomically(file, text, 0600);
}

std::optional<DirectoryInodes> read_directory_inodes(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    if (!text) return std::nullopt;
    DirectoryInodes directories;
    std::size_t start = 0;
    while (start < text->size()) {
        const auto end = text->find('\0', start);
        const auto space = text->find(' ', start);
        if (end == std::string::npos || space == std::string::npos || space > end) return std::nullopt;
        ino_t inode = 0;
        const char* first = text->data() + start;
        const char* last = text->data() + space;
        if (auto parsed = std::from_chars(first, last, inode); parsed.ec != std::errc{} || parsed.ptr != last)
            return std::nullopt;
        directories.emplace(text->substr(space + 1, end - space - 1), inode);
        start = end + 1;
    }
    return directories;
}

}  // namespace girofle
