// The small things every libgit2 call site needs: one library initialisation, owning
// pointers, and libgit2's error text copied into our own Error before the next call
// overwrites it (git_error_last() is per thread).
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "core/error.hpp"

namespace girofle::git {

// Initialises libgit2 on first use and shuts it down at exit.
void ensure_libgit2();

template <typename T, void (*Free)(T*)>
struct Freer {
    void operator()(T* object) const { Free(object); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Freer<T, Free>>;

using OwnedRepository = Owned<git_repository, git_repository_free>;
using OwnedReference = Owned<git_reference, git_reference_free>;
using OwnedRemote = Owned<git_remote, git_remote_free>;
using OwnedIndex = Owned<git_index, git_index_free>;
using OwnedCommit = Owned<git_commit, git_commit_free>;
using OwnedTree = Owned<git_tree, git_tree_free>;
using OwnedDiff = Owned<git_diff, git_diff_free>;
using OwnedSignature = Owned<git_signature, git_signature_free>;
using OwnedStatusList = Owned<git_status_list, git_status_list_free>;
using OwnedRevwalk = Owned<git_revwalk, git_revwalk_free>;
using OwnedConfig = Owned<git_config, git_config_free>;

// An owning git_buf, emptied on destruction.
struct Buffer {
    git_buf buf = GIT_BUF_INIT;
    ~Buffer() { git_buf_dispose(&buf); }
    std::string text() const { return buf.ptr ? std::string(buf.ptr, buf.size) : std::string(); }
};

// The Error for a failed libgit2 call: `action` says what we tried ("cannot fetch"), then
// libgit2's own words, with any password in a URL removed.
Error libgit2_error(int code, std::string object, const std::string& action);

inline std::unexpected<Error> libgit2_failure(int code, std::string object,
                                              const std::string& action) {
    return std::unexpected(libgit2_error(code, std::move(object), action));
}

// "https://alice:secret@host/x" becomes "https://alice@host/x", wherever it appears in text.
std::string without_url_passwords(const std::string& text);

std::string to_hex(const git_oid& oid);

}  // namespace girofle::git
