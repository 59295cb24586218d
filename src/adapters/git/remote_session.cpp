#include "adapters/git/remote_session.hpp"

#include <fmt/format.h>

#include "adapters/git/identity.hpp"
#include "adapters/git/libgit2_support.hpp"
#include "core/process.hpp"

namespace girofle::git {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(100);
constexpr std::size_t kServerTextKept = 4096;

RemoteSession& session(void* payload) { return *static_cast<RemoteSession*>(payload); }

std::string join(const std::vector<std::string>& items) {
    std::string joined;
    for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
    return joined;
}

std::string mebibytes(std::size_t bytes) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

git_remote_callbacks RemoteSession::callbacks() {
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.payload = this;
    callbacks.credentials = [](git_credential** out, const char* url,
                               const char* username_from_url, unsigned int allowed,
                               void* payload) {
        return session(payload).acquire(out, url, username_from_url, allowed);
    };
    callbacks.transfer_progress = [](const git_indexer_progress* stats, void* payload) {
        const bool resolving = stats->received_objects == stats->total_objects &&
                               stats->total_deltas > 0;
        std::string message =
            resolving ? fmt::format("resolving deltas: {}/{}", stats->indexed_deltas,
                                    stats->total_deltas)
                      : fmt::format("receiving objects: {}/{}, {}", stats->received_objects,
                                    stats->total_objects, mebibytes(stats->received_bytes));
        session(payload).show_progress(
            message, stats->indexed_objects == stats->total_objects &&
                         stats->indexed_deltas == stats->total_deltas);
        return 0;
    };
    callbacks.push_transfer_progress = [](unsigned int current, unsigned int total,
                                          std::size_t bytes, void* payload) {
        session(payload).show_progress(
            fmt::format("sending objects: {}/{}, {}", current, total, mebibytes(bytes)),
            current == total);
        return 0;
    };
    callbacks.sideband_progress = [](const char* text, int length, void* payload) {
        RemoteSession& self = session(payload);
        self.server_text_.append(text, static_cast<std::size_t>(length));
        if (self.server_text_.size() > kServerTextKept)
            self.server_text_.erase(0, self.server_text_.size() - kServerTextKept);
        std::string line(text, static_cast<std::size_t>(length));
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (auto cut = line.find_last_of("\r\n"); cut != std::string::npos) line.erase(0, cut + 1);
        if (!line.empty()) self.show_progress("remote: " + line, false);
        return 0;
    };
    callbacks.push_update_reference = [](const char* refname, const char* status,
                                         void* payload) {
        if (status != nullptr)
            session(payload).refused_.push_back(std::string(refname) + ": " + status);
        return 0;
    };
    return callbacks;
}

void RemoteSession::show_progress(const std::string& message, bool finished) {
    const auto now = std::chrono::steady_clock::now();
    if (!finished && now - last_progress_ < kProgressInterval) return;
    last_progress_ = now;
    reporter_.progress(message);
}

int RemoteSession::acquire(git_credential** out, const char* url, const char* username_from_url,
                           unsigned int allowed_types) {
    const std::string user = username_from_url && *username_from_url ? username_from_url
                                                                      : login_name();
    // libgit2 first asks for the SSH user name alone; that is not an attempt.
    if (allowed_types & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, user.c_str());
    if (attempts_ >= kMaxCredentialAttempts) return give_up();
    if (allowed_types & GIT_CREDENTIAL_SSH_KEY) return offer_ssh_key(out, user);
    if (allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) return offer_password(out, url);
    credential_failure_ = Error{ErrorKind::permission, "",
                                "the server asks for a kind of credential girofle does not offer"};
    return GIT_EUSER;
}

int RemoteSession::offer_ssh_key(git_credential** out, const std::string& username) {
    if (!keys_) keys_ = ssh_key_candidates();
    if (next_key_ >= keys_->size()) return give_up();
    const SshKeyCandidate& key = (*keys_)[next_key_++];
    ++attempts_;
    tried_.push_back(key.source);
    if (key.from_agent) return git_credential_ssh_key_from_agent(out, username.c_str());
    std::error_code ignored;
    const std::string public_key = key.private_key.string() + ".pub";
    return git_credential_ssh_key_new(
        out, username.c_str(),
        std::filesystem::exists(public_key, ignored) ? public_key.c_str() : nullptr,
        key.private_key.c_str(), key.passphrase.empty() ? nullptr : key.passphrase.c_str());
}

int RemoteSession::offer_password(git_credential** out, const std::string& url) {
    if (!passwords_) {
        auto candidates = password_candidates(url);
        if (!candidates) {
            credential_failure_ = candidates.error();
            return GIT_EUSER;
        }
        passwords_ = std::move(*candidates);
    }
    if (next_password_ >= passwords_->size()) return give_up();
    const PasswordCredential& credential = (*passwords_)[next_password_++];
    ++attempts_;
    tried_.push_back(credential.source);
    return git_credential_userpass_plaintext_new(out, credential.username.c_str(),
                                                 credential.password.c_str());
}

int RemoteSession::give_up() {
    std::string cause =
        tried_.empty()
            ? "the server asks for credentials and none were found (see girofle sync --help)"
            : "authentication failed: the server refused the credentials from " + join(tried_);
    credential_failure_ = Error{ErrorKind::permission, "", cause};
    return GIT_EUSER;
}

Error RemoteSession::failure(int code, const std::string& object, const std::string& action) const {
    if (credential_failure_) {
        Error error = *credential_failure_;
        if (error.object.empty()) error.object = object;  // a credentials file names itself
        return error;
    }
    return libgit2_error(code, object, action);
}

std::string RemoteSession::server_messages() const { return tail_of(server_text_); }

std::optional<Error> RemoteSession::refusal(const std::string& where) const {
    if (refused_.empty()) return std::nullopt;
    std::string cause = "the server refused the push: " + refused_.front();
    if (std::string said = server_messages(); !said.empty())
        cause += " (the server said: " + said + ")";
    return Error{ErrorKind::permission, where, cause};
}

}  // namespace girofle::git
