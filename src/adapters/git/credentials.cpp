#include "adapters/git/credentials.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace girofle::git {
namespace fs = std::filesystem;

namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

fs::path home_directory() {
    if (std::string home = environment("HOME"); !home.empty()) return home;
    const passwd* entry = ::getpwuid(::getuid());
    return entry && entry->pw_dir ? entry->pw_dir : "";
}

std::string lowercase(std::string text) {
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::optional<std::string> percent_decoded(const std::string& text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            return std::nullopt;
        decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return decoded;
}

struct ParsedUrl {
    std::string scheme, userinfo, host, port, path;
};

// scheme://[userinfo@]host[:port][/path]; nothing for other forms (scp-like SSH addresses).
std::optional<ParsedUrl> parse_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) return std::nullopt;
    ParsedUrl parsed{.scheme = lowercase(url.substr(0, scheme_end))};
    std::string rest = url.substr(scheme_end + 3);
    const auto path_start = rest.find('/');
    parsed.path = path_start == std::string::npos ? "/" : rest.substr(path_start);
    std::string authority = rest.substr(0, path_start);
    if (const auto at = authority.rfind('@'); at != std::string::npos) {
        parsed.userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
    }
    if (const auto colon = authority.rfind(':');
        colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
        parsed.port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
    }
    parsed.host = lowercase(authority);
    if (parsed.host.empty()) return std::nullopt;
    return parsed;
}

std::string effective_port(const ParsedUrl& url) {
    if (!url.port.empty()) return url.port;
    return url.scheme == "https" ? "443" : url.scheme == "http" ? "80" : "";
}

bool path_is_under(const std::string& path, const std::string& prefix) {
    if (prefix.empty() || prefix == "/") return true;
    const std::string trimmed = prefix.back() == '/' ? prefix.substr(0, prefix.size() - 1) : prefix;
    return path == trimmed || path.starts_with(trimmed + "/");
}

}  // namespace

Result<std::vector<CredentialFileEntry>> parse_credentials(const std::string& text,
                                                           const std::string& file_name) {
    std::vector<CredentialFileEntry> entries;
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        line.erase(0, line.find_first_not_of(" \t"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (line.empty() || line.front() == '#') continue;
        // The line holds a secret: the message says where it is, never what it says.
        auto malformed = [&] {
            return fail(ErrorKind::usage, file_name + " line " + std::to_string(number),
                        "expected https://USER:PASSWORD@HOST[:PORT][/PATH]");
        };
        auto url = parse_url(line);
        if (!url) return malformed();
        const auto colon = url->userinfo.find(':');
        if (colon == std::string::npos) return malformed();
        auto username = percent_decoded(url->userinfo.substr(0, colon));
        auto password = percent_decoded(url->userinfo.substr(colon + 1));
        if (!username || !password || username->empty()) return malformed();
        entries.push_back({.scheme = url->scheme,
                           .host = url->host,
                           .port = url->port,
                           .path = url->path,
                           .username = *username,
                           .password = *password,
                           .line = number});
    }
    return entries;
}

Result<std::vector<CredentialFileEntry>> read_credentials_file(const fs::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
        if (errno == ENOENT) return std::vector<CredentialFileEntry>{};
        return fail(ErrorKind::permission, file.string(), std::strerror(errno));
    }
    if ((info.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        return fail(ErrorKind::permission, file.string(),
                    std::string("refused: group or others may read this credentials file (mode ") +
                        mode + "); run chmod 600 " + file.string());
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(ErrorKind::permission, file.string(), "cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_credentials(text.str(), file.string());
}

fs::path default_credentials_file() {
    if (std::string file = environment("GIROFLE_CREDENTIALS_FILE"); !file.empty()) return file;
    if (std::string config = environment("XDG_CONFIG_HOME"); !config.empty())
        return fs::path(config) / "girofle" / "credentials";
    return home_directory() / ".config" / "girofle" / "credentials";
}

Result<std::vector<PasswordCredential>> password_candidates(const std::string& url) {
    const auto target = parse_url(url);
    std::string url_user;
    if (target) url_user = percent_decoded(target->userinfo.substr(0, target->userinfo.find(':')))
                               .value_or("");
    std::vector<PasswordCredential> candidates;

    const std::string env_user = environment("GIROFLE_GIT_USERNAME");
    const std::string env_password = environment("GIROFLE_GIT_PASSWORD");
    const std::string env_token = environment("GIROFLE_GIT_TOKEN");
    if (!env_user.empty() && !env_password.empty())
        candidates.push_back(
            {env_user, env_password, "GIROFLE_GIT_USERNAME and GIROFLE_GIT_PASSWORD"});
    if (!env_token.empty()) {
        std::string user = !url_user.empty() ? url_user : !env_user.empty() ? env_user : "oauth2";
        candidates.push_back({user, env_token, "GIROFLE_GIT_TOKEN"});
    }

    if (!target) return candidates;
    const fs::path file = default_credentials_file();
    auto entries = read_credentials_file(file);
    if (!entries) return std::unexpected(entries.error());
    for (const CredentialFileEntry& entry : *entries) {
        ParsedUrl entry_url{.scheme = entry.scheme, .port = entry.port};
        if (entry.scheme != target->scheme || entry.host != target->host ||
            effective_port(entry_url) != effective_port(*target) ||
            !path_is_under(target->path, entry.path) ||
            (!url_user.empty() && entry.username != url_user))
            continue;
        candidates.push_back({entry.username, entry.password,
                              file.string() + " line " + std::to_string(entry.line)});
    }
    return candidates;
}

std::vector<SshKeyCandidate> ssh_key_candidates() {
    std::vector<SshKeyCandidate> candidates;
    if (!environment("SSH_AUTH_SOCK").empty())
        candidates.push_back({.from_agent = true, .source = "the SSH agent"});
    std::error_code ignored;
    if (std::string key = environment("GIROFLE_SSH_KEY"); !key.empty())
        candidates.push_back({.private_key = key,
                              .passphrase = environment("GIROFLE_SSH_PASSPHRASE"),
                              .source = "GIROFLE_SSH_KEY (" + key + ")"});
    for (const char* name : {"id_ed25519", "id_ecdsa"}) {
        const fs::path key = home_directory() / ".ssh" / name;
        if (fs::exists(key, ignored))
            candidates.push_back({.private_key = key, .source = key.string()});
    }
    return candidates;
}

}  // namespace girofle::git
