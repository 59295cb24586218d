#include "adapters/git/gravity_workspace.hpp"

#include <algorithm>
#include <set>

#include "adapters/git/libgit2_repository.hpp"
#include "adapters/git/libgit2_support.hpp"
#include "adapters/git/remote_session.hpp"
#include "core/client/save.hpp"
#include "core/client/sync.hpp"
#include "core/reporter.hpp"

namespace girofle::git {
namespace fs = std::filesystem;
using gravity::CommitStamp;
using gravity::Integration;
using gravity::MergeMode;
using gravity::RefIds;

namespace {

using OwnedObject = Owned<git_object, git_object_free>;
using OwnedAnnotated = Owned<git_annotated_commit, git_annotated_commit_free>;
using OwnedRebase = Owned<git_rebase, git_rebase_free>;
using OwnedConfig = Owned<git_config, git_config_free>;
using OwnedIterator = Owned<git_index_conflict_iterator, git_index_conflict_iterator_free>;

// Every call names its repository by the directory, as the step's messages do.
class Repo {
public:
    static Result<Repo> open(const fs::path& dir) {
        ensure_libgit2();
        git_repository* raw = nullptr;
        if (int rc = git_repository_open(&raw, dir.c_str()); rc < 0)
            return libgit2_failure(rc, dir.string(), "cannot open the repository");
        return Repo(OwnedRepository(raw), dir.filename().string());
    }

    git_repository* get() const { return repo_.get(); }
    const std::string& name() const { return name_; }
    std::unexpected<Error> failure(int code, const std::string& action) const {
        return libgit2_failure(code, name_, action);
    }

    Result<OwnedCommit> commit_of(const std::string& revision) const {
        git_object* raw = nullptr;
        if (int rc = git_revparse_single(&raw, repo_.get(), revision.c_str()); rc < 0)
            return failure(rc, "no revision " + revision);
        OwnedObject object(raw);
        git_object* peeled = nullptr;
        if (int rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT); rc < 0)
            return failure(rc, revision + " names no commit");
        return OwnedCommit(reinterpret_cast<git_commit*>(peeled));
    }

    Result<OwnedSignature> signature(const CommitStamp& stamp) const {
        git_signature* raw = nullptr;
        if (int rc = git_signature_new(&raw, stamp.name.c_str(), stamp.email.c_str(), stamp.time, 0);
            rc < 0)
            return failure(rc, "cannot make a commit signature");
        return OwnedSignature(raw);
    }

    // Makes the work tree and index match `commit`'s tree, then moves HEAD's branch there.
    Result<void> move_head_to(const git_commit* commit, const std::string& why) const {
        git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
        options.checkout_strategy = GIT_CHECKOUT_SAFE;
        if (int rc = git_checkout_tree(repo_.get(), reinterpret_cast<const git_object*>(commit),
                                       &options);
            rc < 0)
            return failure(rc, "cannot update the work tree");
        git_reference* head = nullptr;
        if (int rc = git_repository_head(&head, repo_.get()); rc < 0)
            return failure(rc, "cannot read HEAD");
        OwnedReference owned_head(head);
        git_reference* moved = nullptr;
        if (int rc = git_reference_set_target(&moved, head, git_commit_id(commit), why.c_str()); rc < 0)
            return failure(rc, "cannot move HEAD");
        git_reference_free(moved);
        return {};
    }

private:
    Repo(OwnedRepository repo, std::string name) : repo_(std::move(repo)), name_(std::move(name)) {}
    OwnedRepository repo_;
    std::string name_;
};

std::vector<std::string> conflicted_paths(git_index* index) {
    std::set<std::string> paths;
    git_index_conflict_iterator* raw = nullptr;
    if (git_index_conflict_iterator_new(&raw, index) < 0) return {};
    OwnedIterator iterator(raw);
    const git_index_entry *ancestor = nullptr, *ours = nullptr, *theirs = nullptr;
    while (git_index_conflict_next(&ancestor, &ours, &theirs, iterator.get()) == 0) {
        const git_index_entry* entry = ours ? ours : theirs ? theirs : ancestor;
        if (entry) paths.insert(entry->path);
    }
    return {paths.begin(), paths.end()};
}

class LibGit2Workspace final : public gravity::GitWorkspace {
public:
    Result<void> init(const Path& dir, bool bare, const std::string& branch) override {
        ensure_libgit2();
        git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
        options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
                        (bare ? static_cast<std::uint32_t>(GIT_REPOSITORY_INIT_BARE) : 0u);
        const std::string head = "refs/heads/" + branch;
        options.initial_head = head.c_str();
        git_repository* raw = nullptr;
        if (int rc = git_repository_init_ext(&raw, dir.c_str(), &options); rc < 0)
            return libgit2_failure(rc, dir.filename().string(), "cannot create the repository");
        git_repository_free(raw);
        return {};
    }

    Result<void> add_remote(const Path& dir, const std::string& name, const std::string& url) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_remote* raw = nullptr;
        if (int rc = git_remote_create(&raw, repo->get(), name.c_str(), url.c_str()); rc < 0)
            return repo->failure(rc, "cannot add remote " + name);
        git_remote_free(raw);
        return {};
    }

    Result<void> clone(const std::string& url, const Path& dir, const std::string& branch) override {
        ensure_libgit2();
        RemoteSession session(silent_);
        git_clone_options options = GIT_CLONE_OPTIONS_INIT;
        options.fetch_opts.callbacks = session.callbacks();
        if (!branch.empty()) options.checkout_branch = branch.c_str();
        git_repository* raw = nullptr;
        if (int rc = git_clone(&raw, url.c_str(), dir.c_str(), &options); rc < 0)
            return std::unexpected(session.failure(rc, without_url_passwords(url), "cannot clone"));
        OwnedRepository repo(raw);
        // An empty remote advertises no HEAD: start the branch the scenario names (main by
        // default) instead of whatever init.defaultBranch says on this machine.
        if (git_repository_head_unborn(repo.get()) == 1) {
            const std::string head = "refs/heads/" + (branch.empty() ? std::string("main") : branch);
            if (int rc = git_repository_set_head(repo.get(), head.c_str()); rc < 0)
                return libgit2_failure(rc, dir.filename().string(), "cannot start " + head);
        }
        return {};
    }

    Result<std::string> commit_all(const Path& dir, const std::string& message,
                                   const CommitStamp& stamp) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_index* raw_index = nullptr;
        if (int rc = git_repository_index(&raw_index, repo->get()); rc < 0)
            return repo->failure(rc, "cannot read the index");
        OwnedIndex index(raw_index);
        const char* everything[] = {"*"};
        const git_strarray all{const_cast<char**>(everything), 1};
        int rc = git_index_add_all(index.get(), &all, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
        if (rc == 0) rc = git_index_update_all(index.get(), &all, nullptr, nullptr);
        if (rc == 0) rc = git_index_write(index.get());
        git_oid tree_id;
        if (rc == 0) rc = git_index_write_tree(&tree_id, index.get());
        if (rc < 0) return repo->failure(rc, "cannot stage the changes");
        OwnedCommit parent;
        git_oid head_id;
        if (git_reference_name_to_id(&head_id, repo->get(), "HEAD") == 0) {
            auto head = repo->commit_of("HEAD");
            if (!head) return std::unexpected(head.error());
            parent = std::move(*head);
            if (git_oid_equal(git_commit_tree_id(parent.get()), &tree_id))
                return fail(ErrorKind::conflict, repo->name(), "nothing to commit");
        }
        return create_commit(*repo, tree_id, message, stamp, {parent.get()});
    }

    Result<void> create_branch(const Path& dir, const std::string& name,
                               const std::string& start) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto commit = repo->commit_of(start.empty() ? "HEAD" : start);
        if (!commit) return std::unexpected(commit.error());
        git_reference* raw = nullptr;
        if (int rc = git_branch_create(&raw, repo->get(), name.c_str(), commit->get(), 0); rc < 0)
            return repo->failure(rc, "cannot create branch " + name);
        git_reference_free(raw);
        return {};
    }

    Result<void> checkout(const Path& dir, const std::string& branch) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        const std::string ref = "refs/heads/" + branch;
        auto commit = repo->commit_of(ref);
        if (!commit) return std::unexpected(commit.error());
        git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
        options.checkout_strategy = GIT_CHECKOUT_SAFE;
        if (int rc = git_checkout_tree(repo->get(), reinterpret_cast<git_object*>(commit->get()),
                                       &options);
            rc < 0)
            return repo->failure(rc, "cannot check out " + branch);
        if (int rc = git_repository_set_head(repo->get(), ref.c_str()); rc < 0)
            return repo->failure(rc, "cannot check out " + branch);
        return {};
    }

    Result<Integration> merge(const Path& dir, const std::string& what, MergeMode mode,
                              const std::string& message, const CommitStamp& stamp) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto ours = repo->commit_of("HEAD");
        auto theirs = ours ? repo->commit_of(what) : std::move(ours);
        if (!theirs) return std::unexpected(theirs.error());
        const git_oid* ours_id = git_commit_id(ours->get());
        const git_oid* theirs_id = git_commit_id(theirs->get());
        git_oid base;
        const bool has_base = git_merge_base(&base, repo->get(), ours_id, theirs_id) == 0;
        if (has_base && git_oid_equal(&base, theirs_id)) return Integration{to_hex(*ours_id), {}};
        const bool fast_forward = has_base && git_oid_equal(&base, ours_id);
        if (fast_forward && mode != MergeMode::no_fast_forward) {
            if (auto moved = repo->move_head_to(theirs->get(), "merge " + what); !moved)
                return std::unexpected(moved.error());
            return Integration{to_hex(*theirs_id), {}};
        }
        if (mode == MergeMode::fast_forward_only)
            return fail(ErrorKind::conflict, repo->name(), what + " is not a fast-forward of HEAD");
        // Merged in memory: a conflicted merge leaves the repository as it was.
        git_index* raw = nullptr;
        git_merge_options options = GIT_MERGE_OPTIONS_INIT;
        if (int rc = git_merge_commits(&raw, repo->get(), ours->get(), theirs->get(), &options); rc < 0)
            return repo->failure(rc, "cannot merge " + what);
        OwnedIndex merged(raw);
        if (git_index_has_conflicts(merged.get()))
            return Integration{{}, conflicted_paths(merged.get())};
        git_oid tree_id;
        if (int rc = git_index_write_tree_to(&tree_id, merged.get(), repo->get()); rc < 0)
            return repo->failure(rc, "cannot write the merged tree");
        auto commit = create_commit(*repo, tree_id, message, stamp,
                                    {ours->get(), theirs->get()}, /*update_head=*/false);
        if (!commit) return std::unexpected(commit.error());
        auto created = repo->commit_of(*commit);
        if (!created) return std::unexpected(created.error());
        if (auto moved = repo->move_head_to(created->get(), "merge " + what); !moved)
            return std::unexpected(moved.error());
        return Integration{*commit, {}};
    }

    Result<Integration> rebase(const Path& dir, const std::string& onto,
                               const CommitStamp& stamp) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto upstream_commit = repo->commit_of(onto);
        if (!upstream_commit) return std::unexpected(upstream_commit.error());
        git_annotated_commit* raw_upstream = nullptr;
        if (int rc = git_annotated_commit_lookup(&raw_upstream, repo->get(),
                                                 git_commit_id(upstream_commit->get()));
            rc < 0)
            return repo->failure(rc, "cannot read " + onto);
        OwnedAnnotated upstream(raw_upstream);
        auto committer = repo->signature(stamp);
        if (!committer) return std::unexpected(committer.error());
        git_rebase_options options = GIT_REBASE_OPTIONS_INIT;
        git_rebase* raw = nullptr;
        if (int rc = git_rebase_init(&raw, repo->get(), nullptr, upstream.get(), nullptr, &options);
            rc < 0)
            return repo->failure(rc, "cannot start the rebase onto " + onto);
        OwnedRebase rebase(raw);
        git_rebase_operation* operation = nullptr;
        int rc = 0;
        while ((rc = git_rebase_next(&operation, rebase.get())) == 0) {
            git_index* raw_index = nullptr;
            if (git_repository_index(&raw_index, repo->get()) < 0) break;
            OwnedIndex index(raw_index);
            if (git_index_has_conflicts(index.get())) {
                Integration conflicted{{}, conflicted_paths(index.get())};
                git_rebase_abort(rebase.get());
                return conflicted;
            }
            git_oid id;
            rc = git_rebase_commit(&id, rebase.get(), nullptr, committer->get(), nullptr, nullptr);
            if (rc < 0 && rc != GIT_EAPPLIED) break;
        }
        if (rc != GIT_ITEROVER) {
            Error error = libgit2_error(rc, repo->name(), "cannot rebase onto " + onto);
            git_rebase_abort(rebase.get());
            return std::unexpected(error);
        }
        if (int finished = git_rebase_finish(rebase.get(), committer->get()); finished < 0)
            return repo->failure(finished, "cannot finish the rebase");
        auto head = repo->commit_of("HEAD");
        if (!head) return std::unexpected(head.error());
        return Integration{to_hex(*git_commit_id(head->get())), {}};
    }

    Result<void> tag(const Path& dir, const std::string& name, const std::string& target,
                     const std::string& message, const CommitStamp& stamp) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto commit = repo->commit_of(target);
        if (!commit) return std::unexpected(commit.error());
        const auto* object = reinterpret_cast<const git_object*>(commit->get());
        git_oid id;
        int rc = 0;
        if (message.empty()) {
            rc = git_tag_create_lightweight(&id, repo->get(), name.c_str(), object, 0);
        } else {
            auto tagger = repo->signature(stamp);
            if (!tagger) return std::unexpected(tagger.error());
            rc = git_tag_create(&id, repo->get(), name.c_str(), object, tagger->get(),
                                message.c_str(), 0);
        }
        if (rc < 0) return repo->failure(rc, "cannot create tag " + name);
        return {};
    }

    Result<void> fetch(const Path& dir, const std::string& remote_name) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto remote = lookup_remote(*repo, remote_name);
        if (!remote) return std::unexpected(remote.error());
        RemoteSession session(silent_);
        git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
        options.callbacks = session.callbacks();
        if (int rc = git_remote_fetch(remote->get(), nullptr, &options, "gravity: fetch"); rc < 0)
            return std::unexpected(session.failure(rc, remote_name, "cannot fetch"));
        return {};
    }

    Result<void> push(const Path& dir, const std::string& remote_name,
                      const std::vector<std::string>& refspecs) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto remote = lookup_remote(*repo, remote_name);
        if (!remote) return std::unexpected(remote.error());
        std::vector<char*> pointers;
        for (const std::string& refspec : refspecs) pointers.push_back(const_cast<char*>(refspec.c_str()));
        const git_strarray array{pointers.data(), pointers.size()};
        RemoteSession session(silent_);
        git_push_options options = GIT_PUSH_OPTIONS_INIT;
        options.callbacks = session.callbacks();
        if (int rc = git_remote_push(remote->get(), &array, &options); rc < 0)
            return std::unexpected(session.failure(rc, remote_name, "cannot push"));
        // libgit2 reports a reference the server refused only through the callback.
        if (auto refused = session.refusal(remote_name)) return std::unexpected(*refused);
        return {};
    }

    Result<void> set_upstream(const Path& dir, const std::string& remote,
                              const std::string& branch) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_reference* raw = nullptr;
        if (int rc = git_branch_lookup(&raw, repo->get(), branch.c_str(), GIT_BRANCH_LOCAL); rc < 0)
            return repo->failure(rc, "no branch " + branch);
        OwnedReference local(raw);
        const std::string upstream = remote + "/" + branch;
        if (int rc = git_branch_set_upstream(local.get(), upstream.c_str()); rc < 0)
            return repo->failure(rc, "cannot track " + upstream);
        return {};
    }

    Result<std::string> current_branch(const Path& dir) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_reference* raw = nullptr;
        if (int rc = git_reference_lookup(&raw, repo->get(), "HEAD"); rc < 0)
            return repo->failure(rc, "cannot read HEAD");
        OwnedReference head(raw);
        if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
            return fail(ErrorKind::conflict, repo->name(), "HEAD is detached");
        return client::branch_name(git_reference_symbolic_target(head.get()));
    }

    Result<RefIds> refs(const Path& dir) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_strarray names{};
        if (int rc = git_reference_list(&names, repo->get()); rc < 0)
            return repo->failure(rc, "cannot list references");
        RefIds ids;
        for (std::size_t index = 0; index < names.count; ++index) {
            git_oid id;
            if (git_reference_name_to_id(&id, repo->get(), names.strings[index]) == 0)
                ids[names.strings[index]] = to_hex(id);
        }
        git_strarray_dispose(&names);
        return ids;
    }

    Result<std::string> resolve(const Path& dir, const std::string& revision) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto commit = repo->commit_of(revision);
        if (!commit) return std::unexpected(commit.error());
        return to_hex(*git_commit_id(commit->get()));
    }

    Result<bool> is_ancestor(const Path& dir, const std::string& ancestor,
                             const std::string& descendant) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto older = repo->commit_of(ancestor);
        if (!older) return std::unexpected(older.error());
        auto newer = repo->commit_of(descendant);
        if (!newer) return std::unexpected(newer.error());
        const git_oid* older_id = git_commit_id(older->get());
        const git_oid* newer_id = git_commit_id(newer->get());
        if (git_oid_equal(older_id, newer_id)) return true;
        int rc = git_graph_descendant_of(repo->get(), newer_id, older_id);
        if (rc < 0) return repo->failure(rc, "cannot compare " + ancestor + " and " + descendant);
        return rc == 1;
    }

    Result<std::size_t> count_commits(const Path& dir, const std::string& revision) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        auto tip = repo->commit_of(revision);
        if (!tip) return std::unexpected(tip.error());
        git_revwalk* raw = nullptr;
        int rc = git_revwalk_new(&raw, repo->get());
        OwnedRevwalk walk(raw);
        if (rc == 0) rc = git_revwalk_push(walk.get(), git_commit_id(tip->get()));
        if (rc < 0) return repo->failure(rc, "cannot walk " + revision);
        std::size_t count = 0;
        git_oid id;
        while (git_revwalk_next(&id, walk.get()) == 0) ++count;
        return count;
    }

    Result<std::vector<std::string>> changed_paths(const Path& dir) override {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_status_options options = GIT_STATUS_OPTIONS_INIT;
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
        git_status_list* raw = nullptr;
        if (int rc = git_status_list_new(&raw, repo->get(), &options); rc < 0)
            return repo->failure(rc, "cannot read the status");
        OwnedStatusList list(raw);
        std::vector<std::string> paths;
        for (std::size_t index = 0; index < git_status_list_entrycount(list.get()); ++index) {
            const git_status_entry* entry = git_status_byindex(list.get(), index);
            const git_diff_delta* delta = entry->index_to_workdir ? entry->index_to_workdir
                                                                  : entry->head_to_index;
            if (delta) paths.emplace_back(delta->new_file.path);
        }
        return paths;
    }

    Result<int> client_save(const Path& dir, const CommitStamp& stamp) override {
        auto repo = open_client(dir, stamp);
        if (!repo) return std::unexpected(repo.error());
        auto report = client::save(**repo, kHost, silent_);
        if (!report) return std::unexpected(report.error());
        return 0;
    }

    Result<int> client_sync(const Path& dir, const CommitStamp& stamp) override {
        auto repo = open_client(dir, stamp);
        if (!repo) return std::unexpected(repo.error());
        const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(stamp.time));
        auto report = client::sync(**repo, {.host = kHost, .now = now, .reporter = silent_});
        if (!report) return std::unexpected(report.error());
        return report->exit_status();
    }

private:
    // The host the client names in its commit messages: fixed, so that commit ids do not
    // depend on the machine.
    static constexpr const char* kHost = "gravity";

    static Result<OwnedRemote> lookup_remote(const Repo& repo, const std::string& name) {
        git_remote* raw = nullptr;
        if (int rc = git_remote_lookup(&raw, repo.get(), name.c_str()); rc < 0)
            return repo.failure(rc, "no remote " + name);
        return OwnedRemote(raw);
    }

    static Result<std::string> create_commit(const Repo& repo, const git_oid& tree_id,
                                             const std::string& message, const CommitStamp& stamp,
                                             std::vector<const git_commit*> parents,
                                             bool update_head = true) {
        std::erase(parents, nullptr);
        git_tree* raw_tree = nullptr;
        if (int rc = git_tree_lookup(&raw_tree, repo.get(), &tree_id); rc < 0)
            return repo.failure(rc, "cannot read the tree");
        OwnedTree tree(raw_tree);
        auto signature = repo.signature(stamp);
        if (!signature) return std::unexpected(signature.error());
        git_oid id;
        if (int rc = git_commit_create(&id, repo.get(), update_head ? "HEAD" : nullptr,
                                       signature->get(), signature->get(), "UTF-8", message.c_str(),
                                       tree.get(), parents.size(), parents.data());
            rc < 0)
            return repo.failure(rc, "cannot commit");
        return to_hex(id);
    }

    // The identity a user would have configured, then the client's own adapter.
    Result<std::unique_ptr<client::GitRepository>> open_client(const Path& dir,
                                                               const CommitStamp& stamp) {
        auto repo = Repo::open(dir);
        if (!repo) return std::unexpected(repo.error());
        git_config* raw = nullptr;
        int rc = git_repository_config(&raw, repo->get());
        OwnedConfig config(raw);
        if (rc == 0) rc = git_config_set_string(config.get(), "user.name", stamp.name.c_str());
        if (rc == 0) rc = git_config_set_string(config.get(), "user.email", stamp.email.c_str());
        if (rc < 0) return repo->failure(rc, "cannot set the identity");
        return open_repository(dir, silent_, stamp.time);
    }

    SilentReporter silent_;
};

}  // namespace

std::unique_ptr<gravity::GitWorkspace> make_gravity_workspace() {
    return std::make_unique<LibGit2Workspace>();
}

}  // namespace girofle::git
