#include "support/git_cli.hpp"

#include <sstream>
#include <stdexcept>

#include "adapters/process/posix_process_runner.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace fs = std::filesystem;

namespace {

ProcessResult run_git(const fs::path& home, const fs::path& dir,
                      const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-C", dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    PosixProcessRunner runner;
    auto result = runner.run({.argv = argv,
                              .env = {{"HOME", home.string()}, {"GIT_CONFIG_NOSYSTEM", "1"}},
                              .env_remove = {"XDG_CONFIG_HOME", "GIT_DIR", "GIT_WORK_TREE"}});
    if (!result) throw std::runtime_error(result.error().message());
    return *result;
}

}  // namespace

GitCli::GitCli(fs::path home) : home_(std::move(home)) {
    write_file(home_ / ".gitconfig",
               "[user]\n\tname = Test Developer\n\temail = dev@example.test\n"
               "[init]\n\tdefaultBranch = main\n"
               "[protocol \"file\"]\n\tallow = always\n");
}

std::string GitCli::run(const fs::path& dir, const std::vector<std::string>& args) const {
    ProcessResult result = run_git(home_, dir, args);
    if (!result.succeeded()) {
        std::string command;
        for (const auto& arg : args) command += " " + arg;
        throw std::runtime_error("git" + command + " in " + dir.string() +
                                 " failed: " + result.err);
    }
    return result.out;
}

int GitCli::status_of(const fs::path& dir, const std::vector<std::string>& args) const {
    return run_git(home_, dir, args).exit_code;
}

std::string GitCli::rev_parse(const fs::path& dir, const std::string& rev) const {
    std::string id = run(dir, {"rev-parse", "--verify", "-q", rev});
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
}

FileContents GitCli::files_at(const fs::path& dir, const std::string& rev) const {
    FileContents files;
    std::istringstream listing(run(dir, {"ls-tree", "-r", "-z", rev}));
    for (std::string entry; std::getline(listing, entry, '\0');) {
        // "<mode> blob <id>\t<path>"
        const auto tab = entry.find('\t');
        std::istringstream fields(entry.substr(0, tab));
        std::string mode, type, id;
        fields >> mode >> type >> id;
        std::string content = run(dir, {"cat-file", "blob", id});
        files[entry.substr(tab + 1)] = mode == "120000" ? "-> " + content : content;
    }
    return files;
}

std::string GitCli::refs(const fs::path& dir) const {
    return run(dir, {"for-each-ref", "--format=%(refname) %(objectname)"});
}

FileContents work_tree_files(const fs::path& dir) {
    FileContents files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->path().filename() == ".git") {
            it.disable_recursion_pending();
            continue;
        }
        // Lexically: fs::relative would resolve a link to where it points.
        const std::string relative = it->path().lexically_relative(dir).generic_string();
        if (it->is_symlink()) files[relative] = "-> " + fs::read_symlink(it->path()).string();
        else if (it->is_regular_file()) files[relative] = read_file(it->path());
    }
    return files;
}

}  // namespace girofle::testing
