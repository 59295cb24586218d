// The real git command line, to set up and inspect repositories in integration tests:
// whatever girofle does is judged by what git itself sees.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace girofle::testing {

// Path to bytes ("-> target" for a symbolic link).
using FileContents = std::map<std::string, std::string>;

class GitCli {
public:
    // `home` holds the .gitconfig (identity, default branch) git and girofle read.
    explicit GitCli(std::filesystem::path home);

    // Runs `git -C dir ARGS...`; throws with git's stderr when it fails.
    std::string run(const std::filesystem::path& dir, const std::vector<std::string>& args) const;
    // The same, returning the exit status instead of throwing.
    int status_of(const std::filesystem::path& dir, const std::vector<std::string>& args) const;

    std::string rev_parse(const std::filesystem::path& dir, const std::string& rev) const;
    // Every file of `rev` with its bytes.
    FileContents files_at(const std::filesystem::path& dir, const std::string& rev) const;
    // "refs/heads/main <id>" lines: the state of a (bare) repository's references.
    std::string refs(const std::filesystem::path& dir) const;

    const std::filesystem::path& home() const { return home_; }

private:
    std::filesystem::path home_;
};

// Every file of a work tree, outside .git, with its bytes.
FileContents work_tree_files(const std::filesystem::path& dir);

}  // namespace girofle::testing
