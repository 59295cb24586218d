// Where credentials for a remote come from, in the order they are tried. Secrets stay in
// memory: a `source` names where a credential came from, for messages, never the secret.
//
// HTTPS (user name and password, or token):
//   1. GIROFLE_GIT_USERNAME and GIROFLE_GIT_PASSWORD, or GIROFLE_GIT_TOKEN (with the user name
//      from the URL, from GIROFLE_GIT_USERNAME, else "oauth2");
//   2. the credentials file: GIROFLE_CREDENTIALS_FILE, else $XDG_CONFIG_HOME/girofle/credentials,
//      else ~/.config/girofle/credentials. One URL per line, like git's credential store:
//        https://USER:PASSWORD@HOST[:PORT][/PATH]   (percent-encode ':', '@' and '/' in them)
//      '#' starts a comment. A line applies to URLs of the same scheme, host and port under
//      PATH. The file must not be readable by group or others (chmod 600), or it is refused.
// SSH: the agent (SSH_AUTH_SOCK), then GIROFLE_SSH_KEY (passphrase in GIROFLE_SSH_PASSPHRASE),
//   then ~/.ssh/id_ed25519 and ~/.ssh/id_ecdsa. Host keys are checked against ~/.ssh/known_hosts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace girofle::git {

struct PasswordCredential {
    std::string username;
    std::string password;
    std::string source;  // "GIROFLE_GIT_TOKEN", "/home/me/.config/girofle/credentials line 3"
};

struct CredentialFileEntry {
    std::string scheme, host, port, path;  // port as written, or empty
    std::string username, password;
    int line = 0;
};

struct SshKeyCandidate {
    bool from_agent = false;
    std::filesystem::path private_key;  // when not from the agent
    std::string passphrase;
    std::string source;
};

Result<std::vector<CredentialFileEntry>> parse_credentials(const std::string& text,
                                                           const std::string& file_name);
// Absent file: no entries. A file group or others may read: a permission error.
Result<std::vector<CredentialFileEntry>> read_credentials_file(const std::filesystem::path& file);
std::filesystem::path default_credentials_file();

// Every user name and password that applies to `url`, environment first, then the file.
Result<std::vector<PasswordCredential>> password_candidates(const std::string& url);

std::vector<SshKeyCandidate> ssh_key_candidates();

}  // namespace girofle::git
