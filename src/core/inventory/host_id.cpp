#include "core/inventory/host_id.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>

#include "core/file_io.hpp"

namespace girofle {

Result<std::string> load_or_create_host_id(const RootLayout& layout) {
    const auto path = layout.root() / "host-id";
    const std::string object = path.string();
    std::error_code missing;
    if (!std::filesystem::exists(path, missing)) {
        auto uuid = read_text_file("/proc/sys/kernel/random/uuid");
        if (!uuid) return std::unexpected(uuid.error().about(object));
        std::string id = *uuid;
        while (!id.empty() && id.back() == '\n') id.pop_back();
        if (auto made = create_private_directories(layout.root()); !made) return std::unexpected(made.error());
        // Written aside then linked: of two processes starting at once, the first link wins
        // and both read the same id below.
        const auto aside = layout.root() / ("host-id." + std::to_string(::getpid()));
        if (auto written = write_file_atomically(aside, id + "\n", 0644); !written)
            return std::unexpected(written.error());
        const int linked = ::link(aside.c_str(), path.c_str()), link_errno = errno;
        ::unlink(aside.c_str());
        if (linked != 0 && link_errno != EEXIST)
            return fail(ErrorKind::failed, object, std::string("cannot create: ") + std::strerror(link_errno));
    }
    auto text = read_text_file(path);
    if (!text) return std::unexpected(text.error());
    std::string id = *text;
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    static const std::regex pattern("[A-Za-z0-9_.-]{1,64}");
    if (!std::regex_match(id, pattern))
        return fail(ErrorKind::usage, object, "is not a host id (1 to 64 letters, digits, '-', '_' or '.')");
    return id;
}

}  // namespace girofle
