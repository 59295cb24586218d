#include "adapters/git/libgit2_support.hpp"

#include <regex>

namespace girofle::git {
namespace {

ErrorKind kind_of(int code, int error_class) {
    switch (code) {
        case GIT_EAUTH:
        case GIT_ECERTIFICATE: return ErrorKind::permission;
        case GIT_ENOTFOUND:
        case GIT_EUNBORNBRANCH: return ErrorKind::not_found;
        case GIT_ELOCKED: return ErrorKind::busy;
        case GIT_ECONFLICT:
        case GIT_EMERGECONFLICT:
        case GIT_ENONFASTFORWARD: return ErrorKind::conflict;
        default: break;
    }
    if (error_class == GIT_ERROR_NET || error_class == GIT_ERROR_SSH ||
        error_class == GIT_ERROR_HTTP)
        return ErrorKind::unavailable;
    return ErrorKind::failed;
}

}  // namespace

void ensure_libgit2() {
    struct Library {
        Library() { git_libgit2_init(); }
        ~Library() { git_libgit2_shutdown(); }
    };
    static Library library;
}

Error libgit2_error(int code, std::string object, const std::string& action) {
    const git_error* last = git_error_last();
    const int error_class = last ? last->klass : GIT_ERROR_NONE;
    std::string cause = action;
    if (last && last->message && *last->message)
        cause += ": " + without_url_passwords(last->message);
    if (code == GIT_ECERTIFICATE)
        cause += " (the server's identity is not trusted; for SSH, its host key must be in "
                 "~/.ssh/known_hosts: connect once with ssh to check and add it)";
    return Error{kind_of(code, error_class), std::move(object), std::move(cause)};
}

std::string without_url_passwords(const std::string& text) {
    static const std::regex password_in_url(R"(([A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*):[^@/\s]*@)");
    return std::regex_replace(text, password_in_url, "$1@");
}

std::string to_hex(const git_oid& oid) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &oid);
    return hex;
}

}  // namespace girofle::git
