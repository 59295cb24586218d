// The callbacks of one network operation (fetch, push, clone): credentials tried in order with
// a bounded number of attempts, progress for a terminal, and the server's verdict on each
// pushed reference, which is the only place libgit2 reports a refusal such as a hook's.
#pragma once

#include <git2.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "adapters/git/credentials.hpp"
#include "core/error.hpp"
#include "core/reporter.hpp"

namespace girofle::git {

class RemoteSession {
public:
    // Credentials offered to one server before giving up; a wrong password is never retried.
    static constexpr int kMaxCredentialAttempts = 3;

    explicit RemoteSession(Reporter& reporter) : reporter_(reporter) {}
    RemoteSession(const RemoteSession&) = delete;
    RemoteSession& operator=(const RemoteSession&) = delete;

    // Callbacks whose payload is this session: it must outlive the operation.
    git_remote_callbacks callbacks();

    // The error for a failed operation: a credential failure we saw, else libgit2's own.
    Error failure(int code, const std::string& object, const std::string& action) const;

    // After a push: "refs/heads/main: pre-receive hook declined" for each refused reference.
    const std::vector<std::string>& refused_references() const { return refused_; }
    // The last lines the server printed ("remote: ..."), on one line, for error messages.
    std::string server_messages() const;
    // After a push that libgit2 called a success: the permission error about `where` for the
    // first reference the server refused, with what the server said; none when it took all.
    std::optional<Error> refusal(const std::string& where) const;

private:
    int acquire(git_credential** out, const char* url, const char* username_from_url,
                unsigned int allowed_types);
    int offer_ssh_key(git_credential** out, const std::string& username);
    int offer_password(git_credential** out, const std::string& url);
    int give_up();
    void show_progress(const std::string& message, bool finished);

    Reporter& reporter_;
    int attempts_ = 0;
    std::vector<std::string> tried_;
    std::optional<std::vector<PasswordCredential>> passwords_;
    std::optional<std::vector<SshKeyCandidate>> keys_;
    std::size_t next_password_ = 0, next_key_ = 0;
    std::optional<Error> credential_failure_;
    std::vector<std::string> refused_;
    std::string server_text_;
    std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace girofle::git
