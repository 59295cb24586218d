// Who and where we run, for when git's configuration does not say: the SSH user name of a URL
// that names none, the commit identity when user.name is unset, the host in commit messages.
#pragma once

#include <string>

namespace girofle::git {

std::string login_name();
std::string host_name();

}  // namespace girofle::git
