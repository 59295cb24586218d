#include "adapters/git/identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

namespace girofle::git {

std::string login_name() {
    if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_name)
        return entry->pw_name;
    const char* user = std::getenv("USER");
    return user && *user ? user : "girofle";
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    return ::gethostname(name, sizeof name - 1) == 0 && *name ? name : "localhost";
}

}  // namespace girofle::git
