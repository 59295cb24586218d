#include "client_fixture.hpp"

#include "adapters/process/posix_process_runner.hpp"
#include "support/git_daemon_server.hpp"
#include "support/git_http_server.hpp"
#include "support/git_ssh_server.hpp"
#include "support/required_programs.hpp"

namespace girofle::testing {
namespace fs = std::filesystem;

std::string server_name(const ::testing::TestParamInfo<ServerKind>& info) {
    switch (info.param) {
        case ServerKind::http: return "SmartHttpWithBasicAuth";
        case ServerKind::daemon: return "GitDaemon";
        case ServerKind::ssh: return "Sshd";
    }
    return "Unknown";
}

ClientTest::ClientTest() { fs::create_directories(home); }

void ClientTest::make_empty_remote(ServerKind kind) {
    const fs::path server_dir = temp / "server";
    switch (kind) {
        case ServerKind::http:
            GIROFLE_REQUIRE_PROGRAMS(GitHttpServer::kPrograms);
            server = std::make_unique<GitHttpServer>(server_dir, "developer", "correct horse");
            break;
        case ServerKind::daemon:
            GIROFLE_REQUIRE_PROGRAMS(GitDaemonServer::kPrograms);
            server = std::make_unique<GitDaemonServer>(server_dir);
            break;
        case ServerKind::ssh:
            GIROFLE_REQUIRE_PROGRAMS(GitSshServer::kPrograms);
            server = std::make_unique<GitSshServer>(server_dir, home);
            break;
    }
    bare = server->repositories() / "project.git";
    work = temp / "work";
    colleague = temp / "colleague";
    git.run(temp.path(), {"init", "-q", "--bare", "-b", "main", bare.string()});
}

void ClientTest::make_project(ServerKind kind, const FileContents& initial) {
    make_empty_remote(kind);
    if (HasFatalFailure() || IsSkipped()) return;
    const fs::path seed = temp / "seed";
    git.run(temp.path(), {"init", "-q", "-b", "main", seed.string()});
    write_files(seed, initial);
    git.run(seed, {"add", "-A"});
    git.run(seed, {"commit", "-q", "-m", "initial"});
    git.run(seed, {"push", "-q", bare.string(), "main"});
    git.run(temp.path(), {"clone", "-q", bare.string(), work.string()});
    git.run(work, {"remote", "set-url", "origin", server->url("project.git")});
    git.run(temp.path(), {"clone", "-q", bare.string(), colleague.string()});
}

ProcessResult ClientTest::girofle(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& extra_environment) {
    std::vector<std::string> argv = {GIROFLE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::map<std::string, std::string> environment = {{"HOME", home.string()},
                                                      {"GIT_CONFIG_NOSYSTEM", "1"}};
    if (server && use_server_credentials) environment.merge(server->client_environment());
    for (const auto& [name, value] : extra_environment) environment[name] = value;
    PosixProcessRunner runner;
    auto result = runner.run(
        {.argv = argv,
         .env = environment,
         .env_remove = {"SSH_AUTH_SOCK", "XDG_CONFIG_HOME", "GIROFLE_GIT_USERNAME",
                        "GIROFLE_GIT_PASSWORD", "GIROFLE_GIT_TOKEN", "GIROFLE_CREDENTIALS_FILE",
                        "GIROFLE_SSH_KEY"},
         .timeout = std::chrono::minutes(2)});
    if (!result) throw std::runtime_error(result.error().message());
    return *result;
}

ProjectState ClientTest::state() const {
    return {work_tree_files(work), git.rev_parse(work, "HEAD"), git.refs(bare)};
}

std::string ClientTest::colleague_pushes(const FileContents& written,
                                         const std::vector<std::string>& removed) {
    write_files(colleague, written);
    remove_files(colleague, removed);
    git.run(colleague, {"add", "-A"});
    git.run(colleague, {"commit", "-q", "-m", "colleague's work"});
    git.run(colleague, {"push", "-q", "origin", "main"});
    return git.rev_parse(colleague, "HEAD");
}

std::vector<fs::path> ClientTest::backups() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(temp.path()))
        if (entry.path().filename().string().starts_with("work.girofle-backup-"))
            found.push_back(entry.path());
    return found;
}

void ClientTest::write_files(const fs::path& dir, const FileContents& files) {
    for (const auto& [path, content] : files) {
        if (!content.starts_with("-> ")) {
            write_file(dir / path, content);
            continue;
        }
        fs::create_directories((dir / path).parent_path());
        fs::create_symlink(content.substr(3), dir / path);
    }
}

void ClientTest::remove_files(const fs::path& dir, const std::vector<std::string>& paths) {
    for (const std::string& path : paths) fs::remove_all(dir / path);
}

FileContents with(FileContents expected, const FileContents& more,
                  const std::vector<std::string>& less) {
    for (const auto& [path, content] : more) expected[path] = content;
    for (const std::string& path : less) expected.erase(path);
    return expected;
}

}  // namespace girofle::testing
