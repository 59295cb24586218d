// A developer's project for end-to-end tests of `girofle save` and `girofle sync`: a bare
// repository on a real server on 127.0.0.1, the developer's working folder whose upstream is
// that server, and a colleague's clone to play the other side.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/process.hpp"
#include "support/git_cli.hpp"
#include "support/git_server.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {

enum class ServerKind { http, daemon, ssh };
std::string server_name(const ::testing::TestParamInfo<ServerKind>& info);

// What a user means by "nothing changed": the files, the commit checked out, the remote.
struct ProjectState {
    FileContents work_tree;
    std::string head;
    std::string remote_refs;
    bool operator==(const ProjectState&) const = default;
};

class ClientTest : public ::testing::Test {
protected:
    ClientTest();

    // Starts the server (skipped, or failed in CI, when its programs are missing) and makes
    // the project holding `initial`. Check HasFatalFailure()/IsSkipped() after it.
    void make_project(ServerKind kind, const FileContents& initial);
    // Starts the server and makes an empty bare repository on it (no branch yet), served at
    // url("project.git"); no working folder. Check HasFatalFailure()/IsSkipped() after it.
    void make_empty_remote(ServerKind kind);

    ProcessResult girofle(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& extra_environment = {});
    ProjectState state() const;
    // The colleague writes and removes files, commits and pushes (through the file system).
    std::string colleague_pushes(const FileContents& written,
                                 const std::vector<std::string>& removed);
    // Backups made beside the working folder by a diverged sync.
    std::vector<std::filesystem::path> backups() const;

    // Writes each file; a content "-> TARGET" makes a symbolic link, as work_tree_files reads.
    static void write_files(const std::filesystem::path& dir, const FileContents& files);
    // Removes files, links and whole directories.
    static void remove_files(const std::filesystem::path& dir,
                             const std::vector<std::string>& paths);

    TempDir temp{"girofle-client-test"};
    std::filesystem::path home = temp / "home";
    GitCli git{home};
    std::unique_ptr<GitServer> server;
    bool use_server_credentials = true;
    std::filesystem::path bare, work, colleague;
};

// `expected` with the files added by `more` and without those in `less`.
FileContents with(FileContents expected, const FileContents& more,
                  const std::vector<std::string>& less = {});

}  // namespace girofle::testing
