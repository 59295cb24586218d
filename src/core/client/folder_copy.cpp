#include "core/client/folder_copy.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <system_error>
#include <vector>

namespace girofle::client {
namespace fs = std::filesystem;

namespace {

std::unexpected<Error> file_error(const fs::path& object, const std::string& action,
                                  const std::error_code& error) {
    return fail(error == std::errc::no_space_on_device ? ErrorKind::no_space
                : error == std::errc::permission_denied ? ErrorKind::permission
                                                        : ErrorKind::failed,
                object.string(), action + ": " + error.message());
}

// Listed before anything moves: a directory changed while it is read may list an entry twice.
Result<std::vector<fs::path>> entries_of(const fs::path& folder) {
    std::error_code error;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(folder, error)) entries.push_back(entry.path());
    if (error) return file_error(folder, "cannot list", error);
    return entries;
}

}  // namespace

fs::path unused_sibling(const fs::path& folder, const std::string& tag,
                        std::chrono::system_clock::time_point now) {
    const fs::path absolute = fs::absolute(folder).lexically_normal();
    const fs::path clean = absolute.has_filename() ? absolute : absolute.parent_path();
    const std::string stem = clean.filename().string() + tag +
                             fmt::format("{:%Y%m%dT%H%M%SZ}",
                                         std::chrono::floor<std::chrono::seconds>(now));
    fs::path candidate = clean.parent_path() / stem;
    std::error_code ignored;
    for (int n = 2; fs::exists(fs::symlink_status(candidate, ignored)); ++n)
        candidate = clean.parent_path() / fmt::format("{}-{}", stem, n);
    return candidate;
}

Result<void> copy_tree(const fs::path& from, const fs::path& to) {
    std::error_code error;
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, error);
    if (error) return file_error(to, "cannot copy " + from.string() + " here", error);
    return {};
}

Result<void> copy_entry(const fs::path& from_root, const fs::path& to_root,
                        const std::string& relative) {
    const fs::path from = from_root / relative;
    const fs::path to = to_root / relative;
    std::error_code error;
    fs::create_directories(to.parent_path(), error);
    if (error) return file_error(to.parent_path(), "cannot create directory", error);
    if (fs::is_directory(fs::symlink_status(from, error))) return copy_tree(from, to);
    fs::copy(from, to, fs::copy_options::copy_symlinks | fs::copy_options::overwrite_existing,
             error);
    if (error) return file_error(to, "cannot copy " + from.string() + " here", error);
    return {};
}

Result<void> replace_contents(const fs::path& folder, const fs::path& replacement) {
    std::error_code error;
    auto old_entries = entries_of(folder);
    if (!old_entries) return std::unexpected(old_entries.error());
    for (const fs::path& entry : *old_entries) {
        fs::remove_all(entry, error);
        if (error) return file_error(entry, "cannot remove", error);
    }
    auto new_entries = entries_of(replacement);
    if (!new_entries) return std::unexpected(new_entries.error());
    for (const fs::path& entry : *new_entries) {
        fs::rename(entry, folder / entry.filename(), error);
        if (error) return file_error(entry, "cannot move into " + folder.string(), error);
    }
    fs::remove(replacement, error);
    if (error) return file_error(replacement, "cannot remove", error);
    return {};
}

}  // namespace girofle::client
