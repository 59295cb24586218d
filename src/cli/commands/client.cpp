// `girofle save [DIR]` and `girofle sync [DIR]`: the developer's side, on a workstation.
#include <chrono>
#include <iostream>
#include <memory>

#include "adapters/git/identity.hpp"
#include "adapters/git/libgit2_repository.hpp"
#include "cli/command_table.hpp"
#include "core/client/report.hpp"
#include "core/client/save.hpp"
#include "core/client/sync.hpp"

namespace girofle::cli {
namespace {

struct ClientOptions {
    std::string directory = ".";
};

constexpr const char* kRefusals =
    "Refuses, changing nothing (exit status 2), a folder in the middle of a merge, rebase,\n"
    "cherry-pick, revert, bisect or am, on a detached HEAD, or with a stale .git/index.lock\n"
    "(another git is running, or crashed: remove the file yourself once none runs).\n";

constexpr const char* kSaveHelp =
    "Stages every addition, modification and deletion (files excluded by .gitignore stay out)\n"
    "and commits them on the current branch with a standard message:\n"
    "  girofle save on HOST: A added, M modified, D deleted\n"
    "Nothing is committed when nothing changed. With --json, one JSON document on stdout.\n";

constexpr const char* kSyncHelp =
    "Saves (as girofle save), fetches the branch's upstream, then:\n"
    "  both sides equal      nothing to do (exit status 0)\n"
    "  only this side ahead  pushes (0)\n"
    "  only the remote ahead fast-forwards; a file .gitignore hides here is never overwritten (0)\n"
    "  both ahead (diverged) copies the whole folder aside as DIR.girofle-backup-<UTC time>,\n"
    "                        replaces the folder's contents by a fresh clone of the remote\n"
    "                        (ignored files and nested repositories are carried over), commits\n"
    "                        and pushes the files only this side added, and lists the files\n"
    "                        that differ (a directory on one side where the other has a file\n"
    "                        or link included): the remote's version is in the folder, yours\n"
    "                        in the backup, nothing is overwritten. Exit status 3: merge them\n"
    "                        by hand, sync again.\n"
    "A branch without an upstream gets one, as git push -u would: the same branch on the\n"
    "only remote, or on origin (refused, exit status 2, when there is none, or several and\n"
    "no origin). A nested git repository or a submodule is left alone with a warning.\n"
    "A push the server refuses, bad credentials or an unreachable remote: exit status 1,\n"
    "with the work saved locally.\n"
    "\n"
    "Credentials, tried in order, at most 3 attempts per server:\n"
    "  SSH:   the agent (SSH_AUTH_SOCK); GIROFLE_SSH_KEY (passphrase: GIROFLE_SSH_PASSPHRASE);\n"
    "         ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa. The host key must be in ~/.ssh/known_hosts.\n"
    "  HTTPS: GIROFLE_GIT_USERNAME with GIROFLE_GIT_PASSWORD, or GIROFLE_GIT_TOKEN (user name\n"
    "         from the URL, GIROFLE_GIT_USERNAME, else oauth2); then the credentials file\n"
    "         GIROFLE_CREDENTIALS_FILE, else $XDG_CONFIG_HOME/girofle/credentials, else\n"
    "         ~/.config/girofle/credentials: lines https://USER:PASSWORD@HOST[:PORT][/PATH]\n"
    "         (percent-encoded, '#' comments); refused unless only its owner may read it.\n"
    "Progress shows on a terminal. With --json, one JSON document on stdout.\n";

template <typename Report>
void print(const Report& report, const GlobalOptions& globals) {
    globals.reporter->end_progress();
    if (globals.json) std::cout << client::to_json(report).dump(2) << "\n";
    else std::cout << client::to_text(report);
}

Result<int> run_save(const ClientOptions& options, const GlobalOptions& globals) {
    Reporter& reporter = *globals.reporter;
    auto repo = git::open_repository(options.directory, reporter);
    if (!repo) return std::unexpected(repo.error());
    auto report = client::save(**repo, git::host_name(), reporter);
    if (!report) return std::unexpected(report.error());
    print(*report, globals);
    return 0;
}

Result<int> run_sync(const ClientOptions& options, const GlobalOptions& globals) {
    Reporter& reporter = *globals.reporter;
    auto repo = git::open_repository(options.directory, reporter);
    if (!repo) return std::unexpected(repo.error());
    auto report = client::sync(**repo, {.host = git::host_name(),
                                        .now = std::chrono::system_clock::now(),
                                        .reporter = reporter});
    if (!report) return std::unexpected(report.error());
    print(*report, globals);
    return report->exit_status();
}

}  // namespace

void register_client_commands(CommandTable& table) {
    auto save_options = std::make_shared<ClientOptions>();
    CLI::App* save = table.add(
        "save", "Commit every change of a git working folder",
        [save_options](const GlobalOptions& globals) { return run_save(*save_options, globals); });
    save->add_option("DIR", save_options->directory, "The working folder")->capture_default_str();
    save->footer(std::string(kSaveHelp) + kRefusals);

    auto sync_options = std::make_shared<ClientOptions>();
    CLI::App* sync = table.add(
        "sync", "Save, then synchronise a git working folder with its remote, losing nothing",
        [sync_options](const GlobalOptions& globals) { return run_sync(*sync_options, globals); });
    sync->add_option("DIR", sync_options->directory, "The working folder")->capture_default_str();
    sync->footer(std::string(kSyncHelp) + kRefusals);
}

}  // namespace girofle::cli
