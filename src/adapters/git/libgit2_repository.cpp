#include "adapters/git/libgit2_repository.hpp"

#include <algorithm>

#include "adapters/git/identity.hpp"
#include "adapters/git/libgit2_support.hpp"
#include "adapters/git/remote_session.hpp"

namespace girofle::git {
namespace fs = std::filesystem;
using client::ChangeCounts;
using client::FileVersions;
using client::FolderStatus;
using client::PendingOperation;
using client::Tips;
using client::Upstream;

namespace {

PendingOperation pending_operation(int state) {
    switch (state) {
        case GIT_REPOSITORY_STATE_NONE: return PendingOperation::none;
        case GIT_REPOSITORY_STATE_MERGE: return PendingOperation::merge;
        case GIT_REPOSITORY_STATE_REVERT:
        case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return PendingOperation::revert;
        case GIT_REPOSITORY_STATE_CHERRYPICK:
        case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return PendingOperation::cherry_pick;
        case GIT_REPOSITORY_STATE_BISECT: return PendingOperation::bisect;
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX: return PendingOperation::apply_mailbox;
        default: return PendingOperation::rebase;  // the rebase and am-or-rebase states
    }
}

// How messages name a remote: "origin (https://host/project.git)".
std::string described(const Upstream& upstream) {
    return upstream.remote + " (" + upstream.url + ")";
}

class LibGit2Repository final : public client::GitRepository {
public:
    LibGit2Repository(OwnedRepository repo, Reporter& reporter,
                      std::optional<std::int64_t> commit_time)
        : repo_(std::move(repo)),
          work_tree_(fs::path(git_repository_workdir(repo_.get())).lexically_normal()),
          reporter_(reporter),
          commit_time_(commit_time) {
        if (!work_tree_.has_filename()) work_tree_ = work_tree_.parent_path();
    }

    Result<FolderStatus> status() override;
    Result<client::StagedChanges> stage_all() override;
    Result<std::string> commit_staged(const std::string& message) override;
    Result<void> fetch(const Upstream& upstream) override;
    Result<Tips> tips(const Upstream& upstream) override;
    Result<void> push(const Upstream& upstream) override;
    Result<void> set_upstream(const Upstream& upstream) override;
    Result<void> fast_forward(const std::string& commit) override;
    Result<FileVersions> files_at(const std::string& commit) override;
    Result<std::vector<std::string>> ignored_entries() override;
    Result<std::unique_ptr<client::GitRepository>> clone_upstream(const Upstream& upstream,
                                                                  const fs::path& into) override;

private:
    std::string object() const { return work_tree_.string(); }
    // The branch HEAD points to ("refs/heads/main"), even before its first commit; empty
    // when HEAD is detached.
    Result<std::string> head_branch_ref();
    Result<std::optional<Upstream>> upstream_of(const std::string& branch_ref);
    // `branch_ref` on each remote, where its fetch refspec puts it.
    Result<std::vector<Upstream>> candidate_upstreams(const std::string& branch_ref);
    // Checked-out submodules: repositories of their own, like a nested `git init`.
    Result<std::vector<std::string>> checked_out_submodules();
    Result<OwnedRemote> remote(const std::string& name);
    Result<std::optional<git_oid>> resolve(const std::string& reference);
    Result<OwnedCommit> commit(const std::string& hex);
    // HEAD's commit; none before the branch's first commit.
    Result<OwnedCommit> head_commit();
    Result<OwnedSignature> signature();

    OwnedRepository repo_;
    fs::path work_tree_;
    Reporter& reporter_;
    std::optional<std::int64_t> commit_time_;
};

Result<std::string> LibGit2Repository::head_branch_ref() {
    git_reference* raw = nullptr;
    if (int rc = git_reference_lookup(&raw, repo_.get(), "HEAD"); rc < 0)
        return libgit2_failure(rc, object(), "cannot read HEAD");
    OwnedReference head(raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) return std::string();
    return std::string(git_reference_symbolic_target(head.get()));
}

Result<std::optional<Upstream>> LibGit2Repository::upstream_of(const std::string& branch_ref) {
    Buffer remote_name, merge_ref, tracking_ref;
    int rc = git_branch_upstream_remote(&remote_name.buf, repo_.get(), branch_ref.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    if (rc < 0) return libgit2_failure(rc, object(), "cannot read the upstream of " + branch_ref);
    // "." names a branch of this same repository: nothing to synchronise with.
    if (remote_name.text() == ".") return std::nullopt;
    rc = git_branch_upstream_merge(&merge_ref.buf, repo_.get(), branch_ref.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    if (rc < 0) return libgit2_failure(rc, object(), "cannot read the upstream of " + branch_ref);
    rc = git_branch_upstream_name(&tracking_ref.buf, repo_.get(), branch_ref.c_str());
    if (rc < 0) return libgit2_failure(rc, object(), "cannot read the upstream of " + branch_ref);
    auto found = remote(remote_name.text());
    if (!found) return std::unexpected(found.error());
    return Upstream{.remote = remote_name.text(),
                    .url = without_url_passwords(git_remote_url(found->get())),
                    .merge_ref = merge_ref.text(),
                    .tracking_ref = tracking_ref.text()};
}

Result<std::vector<Upstream>> LibGit2Repository::candidate_upstreams(
    const std::string& branch_ref) {
    git_strarray names{};
    if (int rc = git_remote_list(&names, repo_.get()); rc < 0)
        return libgit2_failure(rc, object(), "cannot list the remotes");
    std::vector<std::string> remote_names(names.strings, names.strings + names.count);
    git_strarray_dispose(&names);
    std::vector<Upstream> candidates;
    for (const std::string& name : remote_names) {
        auto found = remote(name);
        if (!found) return std::unexpected(found.error());
        std::string tracking = "refs/remotes/" + name + "/" + client::branch_name(branch_ref);
        for (std::size_t i = 0; i < git_remote_refspec_count(found->get()); ++i) {
            const git_refspec* spec = git_remote_get_refspec(found->get(), i);
            if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH ||
                !git_refspec_src_matches(spec, branch_ref.c_str()))
                continue;
            Buffer transformed;
            if (git_refspec_transform(&transformed.buf, spec, branch_ref.c_str()) == 0)
                tracking = transformed.text();
            break;
        }
        const char* url = git_remote_url(found->get());
        candidates.push_back({.remote = name,
                              .url = without_url_passwords(url ? url : ""),
                              .merge_ref = branch_ref,
                              .tracking_ref = tracking});
    }
    std::ranges::sort(candidates, {}, &Upstream::remote);
    return candidates;
}

Result<OwnedRemote> LibGit2Repository::remote(const std::string& name) {
    git_remote* raw = nullptr;
    if (int rc = git_remote_lookup(&raw, repo_.get(), name.c_str()); rc < 0)
        return libgit2_failure(rc, object(), "cannot find remote " + name);
    return OwnedRemote(raw);
}

Result<std::optional<git_oid>> LibGit2Repository::resolve(const std::string& reference) {
    git_oid oid;
    int rc = git_reference_name_to_id(&oid, repo_.get(), reference.c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::nullopt;
    if (rc < 0) return libgit2_failure(rc, object(), "cannot resolve " + reference);
    return oid;
}

Result<OwnedCommit> LibGit2Repository::head_commit() {
    auto head = resolve("HEAD");
    if (!head) return std::unexpected(head.error());
    if (!*head) return OwnedCommit();
    return commit(to_hex(**head));
}

Result<OwnedCommit> LibGit2Repository::commit(const std::string& hex) {
    git_oid oid;
    git_commit* raw = nullptr;
    int rc = git_oid_fromstr(&oid, hex.c_str());
    if (rc == 0) rc = git_commit_lookup(&raw, repo_.get(), &oid);
    if (rc < 0) return libgit2_failure(rc, object(), "cannot read commit " + hex);
    return OwnedCommit(raw);
}

// The user's configured identity; like git, the login and host names when none is set.
Result<OwnedSignature> LibGit2Repository::signature() {
    git_signature* raw = nullptr;
    if (git_signature_default(&raw, repo_.get()) < 0) {
        const std::string name = login_name();
        if (int rc = git_signature_now(&raw, name.c_str(), (name + "@" + host_name()).c_str());
            rc < 0)
            return libgit2_failure(rc, object(), "cannot make a commit signature");
    }
    OwnedSignature now(raw);
    if (!commit_time_) return now;
    if (int rc = git_signature_new(&raw, now->name, now->email, *commit_time_, 0); rc < 0)
        return libgit2_failure(rc, object(), "cannot make a commit signature");
    return OwnedSignature(raw);
}

Result<FolderStatus> LibGit2Repository::status() {
    FolderStatus status{.work_tree = work_tree_,
                        .pending = pending_operation(git_repository_state(repo_.get()))};
    auto branch_ref = head_branch_ref();
    if (!branch_ref) return std::unexpected(branch_ref.error());
    status.detached_head = branch_ref->empty();
    if (!status.detached_head) {
        status.branch = client::branch_name(*branch_ref);
        auto upstream = upstream_of(*branch_ref);
        if (!upstream) return std::unexpected(upstream.error());
        status.upstream = std::move(*upstream);
        Buffer configured;
        if (!status.upstream && git_branch_upstream_remote(&configured.buf, repo_.get(),
                                                           branch_ref->c_str()) == GIT_ENOTFOUND) {
            auto candidates = candidate_upstreams(*branch_ref);
            if (!candidates) return std::unexpected(candidates.error());
            status.candidate_upstreams = std::move(*candidates);
        }
    }
    const fs::path lock = fs::path(git_repository_path(repo_.get())) / "index.lock";
    std::error_code ignored;
    if (fs::exists(lock, ignored)) status.index_lock = lock.lexically_normal();
    return status;
}

Result<std::vector<std::string>> LibGit2Repository::checked_out_submodules() {
    struct Found {
        fs::path work_tree;
        std::vector<std::string> paths;
    } found{work_tree_, {}};
    auto collect = [](git_submodule* submodule, const char*, void* payload) {
        auto& into = *static_cast<Found*>(payload);
        const std::string path = git_submodule_path(submodule);
        std::error_code ignored;
        if (fs::exists(into.work_tree / path / ".git", ignored)) into.paths.push_back(path);
        return 0;
    };
    if (int rc = git_submodule_foreach(repo_.get(), collect, &found); rc < 0)
        return libgit2_failure(rc, object(), "cannot list the submodules");
    return found.paths;
}

Result<client::StagedChanges> LibGit2Repository::stage_all() {
    git_index* raw_index = nullptr;
    if (int rc = git_repository_index(&raw_index, repo_.get()); rc < 0)
        return libgit2_failure(rc, object(), "cannot read the index");
    OwnedIndex index(raw_index);
    client::StagedChanges staged;
    // `git add -A` from one walk of the work tree: every file that differs from the index, or
    // that git does not track and .gitignore does not exclude, is staged as it now is.
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    // UPDATE_INDEX records fresh stat data, as git does: without it, files checked out in the
    // same second as the index was written stay "racy" and are hashed again on every save.
    // Submodules are left alone: their commits belong to their own history.
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_UPDATE_INDEX | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list* raw_list = nullptr;
    int rc = git_status_list_new(&raw_list, repo_.get(), &options);
    OwnedStatusList list(raw_list);
    for (std::size_t i = 0; rc == 0 && i < git_status_list_entrycount(list.get()); ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        const std::string path = entry->index_to_workdir->new_file.path;
        // Untracked directories are looked into, so one still listed whole holds a repository
        // of its own (a nested `git init`): staging it would fail as an invalid path.
        if (path.ends_with('/')) {
            staged.nested_repositories.push_back(path.substr(0, path.size() - 1));
            continue;
        }
        rc = entry->status & GIT_STATUS_WT_DELETED
                 ? git_index_remove_bypath(index.get(), path.c_str())
                 : git_index_add_bypath(index.get(), path.c_str());
    }
    if (rc == 0) rc = git_index_write(index.get());
    if (rc < 0) return libgit2_failure(rc, object(), "cannot stage the changes");
    auto submodules = checked_out_submodules();
    if (!submodules) return std::unexpected(submodules.error());
    staged.nested_repositories.insert(staged.nested_repositories.end(), submodules->begin(),
                                      submodules->end());
    std::ranges::sort(staged.nested_repositories);

    auto head = head_commit();
    if (!head) return std::unexpected(head.error());
    git_tree* raw_tree = nullptr;
    if (*head && (rc = git_commit_tree(&raw_tree, head->get())) < 0)
        return libgit2_failure(rc, object(), "cannot read HEAD");
    OwnedTree head_tree(raw_tree);
    git_diff* raw_diff = nullptr;
    if (rc = git_diff_tree_to_index(&raw_diff, repo_.get(), head_tree.get(), index.get(), nullptr);
        rc < 0)
        return libgit2_failure(rc, object(), "cannot compare the index with HEAD");
    OwnedDiff diff(raw_diff);
    for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
        switch (git_diff_get_delta(diff.get(), i)->status) {
            case GIT_DELTA_ADDED: ++staged.counts.added; break;
            case GIT_DELTA_DELETED: ++staged.counts.deleted; break;
            default: ++staged.counts.modified; break;
        }
    }
    return staged;
}

Result<std::string> LibGit2Repository::commit_staged(const std::string& message) {
    git_index* raw_index = nullptr;
    git_oid tree_id;
    int rc = git_repository_index(&raw_index, repo_.get());
    OwnedIndex index(raw_index);
    if (rc == 0) rc = git_index_write_tree(&tree_id, index.get());
    git_tree* raw_tree = nullptr;
    if (rc == 0) rc = git_tree_lookup(&raw_tree, repo_.get(), &tree_id);
    OwnedTree tree(raw_tree);
    if (rc < 0) return libgit2_failure(rc, object(), "cannot write the tree to commit");

    auto parent = head_commit();
    if (!parent) return std::unexpected(parent.error());
    auto author = signature();
    if (!author) return std::unexpected(author.error());
    const git_commit* parents[] = {parent->get()};
    git_oid commit_id;
    if (rc = git_commit_create(&commit_id, repo_.get(), "HEAD", author->get(), author->get(),
                               nullptr, message.c_str(), tree.get(), *parent ? 1 : 0, parents);
        rc < 0)
        return libgit2_failure(rc, object(), "cannot commit");
    return to_hex(commit_id);
}

Result<void> LibGit2Repository::fetch(const Upstream& upstream) {
    auto found = remote(upstream.remote);
    if (!found) return std::unexpected(found.error());
    RemoteSession session(reporter_);
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks = session.callbacks();
    if (int rc = git_remote_fetch(found->get(), nullptr, &options, "girofle sync: fetch"); rc < 0)
        return std::unexpected(session.failure(rc, described(upstream),
                                               "cannot fetch"));
    return {};
}

Result<Tips> LibGit2Repository::tips(const Upstream& upstream) {
    auto local = resolve("HEAD");
    if (!local) return std::unexpected(local.error());
    auto remote_tip = resolve(upstream.tracking_ref);
    if (!remote_tip) return std::unexpected(remote_tip.error());
    Tips tips;
    if (*local) tips.local = to_hex(**local);
    if (*remote_tip) tips.remote = to_hex(**remote_tip);
    if (*local && *remote_tip) {
        git_oid base;
        int rc = git_merge_base(&base, repo_.get(), &**local, &**remote_tip);
        if (rc == 0) tips.merge_base = to_hex(base);
        else if (rc != GIT_ENOTFOUND)
            return libgit2_failure(rc, object(),
                                   "cannot find the merge base with " + upstream.short_name());
        if (rc = git_graph_ahead_behind(&tips.ahead, &tips.behind, repo_.get(), &**local,
                                        &**remote_tip);
            rc < 0)
            return libgit2_failure(rc, object(), "cannot compare with " + upstream.short_name());
    } else if (*local) {  // the remote has no such branch yet: every local commit is new
        git_revwalk* raw_walk = nullptr;
        int rc = git_revwalk_new(&raw_walk, repo_.get());
        OwnedRevwalk walk(raw_walk);
        if (rc == 0) rc = git_revwalk_push(walk.get(), &**local);
        for (git_oid next; rc == 0 && git_revwalk_next(&next, walk.get()) == 0;) ++tips.ahead;
        if (rc < 0) return libgit2_failure(rc, object(), "cannot count local commits");
    }
    return tips;
}

Result<void> LibGit2Repository::push(const Upstream& upstream) {
    auto branch_ref = head_branch_ref();
    if (!branch_ref) return std::unexpected(branch_ref.error());
    auto found = remote(upstream.remote);
    if (!found) return std::unexpected(found.error());
    // Full reference names on both sides: a short name could match a tag or another branch.
    std::string refspec = *branch_ref + ":" + upstream.merge_ref;
    char* refspecs[] = {refspec.data()};
    const git_strarray refspec_array{refspecs, 1};
    RemoteSession session(reporter_);
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks = session.callbacks();
    const std::string where = described(upstream);
    if (int rc = git_remote_push(found->get(), &refspec_array, &options); rc < 0)
        return std::unexpected(session.failure(rc, where, "cannot push"));
    // libgit2 returns success even when the server refuses a reference.
    if (auto refused = session.refusal(where)) return std::unexpected(*refused);
    return {};
}

Result<void> LibGit2Repository::set_upstream(const Upstream& upstream) {
    auto branch_ref = head_branch_ref();
    if (!branch_ref) return std::unexpected(branch_ref.error());
    const std::string section = "branch." + client::branch_name(*branch_ref);
    git_config* raw = nullptr;
    int rc = git_repository_config(&raw, repo_.get());
    OwnedConfig config(raw);
    if (rc == 0)
        rc = git_config_set_string(config.get(), (section + ".remote").c_str(),
                                   upstream.remote.c_str());
    if (rc == 0)
        rc = git_config_set_string(config.get(), (section + ".merge").c_str(),
                                   upstream.merge_ref.c_str());
    if (rc < 0)
        return libgit2_failure(rc, object(), "cannot set " + upstream.short_name() + " as upstream");
    return {};
}

Result<void> LibGit2Repository::fast_forward(const std::string& target) {
    auto branch_ref = head_branch_ref();
    if (!branch_ref) return std::unexpected(branch_ref.error());
    auto target_commit = commit(target);
    if (!target_commit) return std::unexpected(target_commit.error());

    std::vector<std::string> in_the_way;
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED;
    options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
    options.notify_payload = &in_the_way;
    options.notify_cb = [](git_checkout_notify_t, const char* path, const git_diff_file*,
                           const git_diff_file*, const git_diff_file*, void* payload) {
        static_cast<std::vector<std::string>*>(payload)->push_back(path);
        return 0;
    };
    if (int rc = git_checkout_tree(repo_.get(),
                                   reinterpret_cast<const git_object*>(target_commit->get()),
                                   &options);
        rc < 0) {
        if (in_the_way.empty()) return libgit2_failure(rc, object(), "cannot update the files");
        std::string paths;
        for (const std::string& path : in_the_way) paths += (paths.empty() ? "" : ", ") + path;
        return fail(ErrorKind::conflict, object(),
                    "cannot bring the remote's commits: they would overwrite files that git does "
                    "not track here (" + paths + "); move them away, then run again");
    }
    git_reference* raw = nullptr;
    int rc = git_reference_create(&raw, repo_.get(), branch_ref->c_str(),
                                  git_commit_id(target_commit->get()), 1,
                                  "girofle sync: fast-forward");
    OwnedReference moved(raw);
    if (rc < 0) return libgit2_failure(rc, object(), "cannot move " + *branch_ref);
    return {};
}

Result<FileVersions> LibGit2Repository::files_at(const std::string& hex) {
    FileVersions files;
    if (hex.empty()) return files;
    auto found = commit(hex);
    if (!found) return std::unexpected(found.error());
    git_tree* raw_tree = nullptr;
    if (int rc = git_commit_tree(&raw_tree, found->get()); rc < 0)
        return libgit2_failure(rc, object(), "cannot read the files of " + hex);
    OwnedTree tree(raw_tree);
    auto collect = [](const char* root, const git_tree_entry* entry, void* payload) {
        if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
            (*static_cast<FileVersions*>(payload))[std::string(root) + git_tree_entry_name(entry)] =
                {to_hex(*git_tree_entry_id(entry)),
                 static_cast<std::uint32_t>(git_tree_entry_filemode(entry))};
        return 0;
    };
    if (int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect, &files); rc < 0)
        return libgit2_failure(rc, object(), "cannot read the files of " + hex);
    return files;
}

Result<std::vector<std::string>> LibGit2Repository::ignored_entries() {
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    // Untracked directories are looked into only with INCLUDE_UNTRACKED: "build/" holding
    // only ignored files is otherwise never reported.
    options.flags = GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_INCLUDE_UNTRACKED;
    git_status_list* raw = nullptr;
    if (int rc = git_status_list_new(&raw, repo_.get(), &options); rc < 0)
        return libgit2_failure(rc, object(), "cannot list ignored files");
    OwnedStatusList list(raw);
    std::vector<std::string> entries;
    for (std::size_t i = 0; i < git_status_list_entrycount(list.get()); ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        if (!(entry->status & GIT_STATUS_IGNORED) || !entry->index_to_workdir) continue;
        std::string path = entry->index_to_workdir->old_file.path;
        if (path.ends_with('/')) path.pop_back();
        entries.push_back(path);
    }
    return entries;
}

Result<std::unique_ptr<client::GitRepository>> LibGit2Repository::clone_upstream(
    const Upstream& upstream, const fs::path& into) {
    auto found = remote(upstream.remote);
    if (!found) return std::unexpected(found.error());
    const std::string url = git_remote_url(found->get());  // may hold credentials: not shown
    const std::string branch = client::branch_name(upstream.merge_ref);

    RemoteSession session(reporter_);
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.fetch_opts.callbacks = session.callbacks();
    options.checkout_branch = branch.c_str();
    // The clone's remote keeps the name the user chose here.
    options.remote_cb_payload = const_cast<std::string*>(&upstream.remote);
    options.remote_cb = [](git_remote** out, git_repository* repo, const char*, const char* url_,
                           void* payload) {
        return git_remote_create(out, repo, static_cast<std::string*>(payload)->c_str(), url_);
    };
    git_repository* raw = nullptr;
    if (int rc = git_clone(&raw, url.c_str(), into.c_str(), &options); rc < 0)
        return std::unexpected(
            session.failure(rc, described(upstream), "cannot clone"));
    return std::make_unique<LibGit2Repository>(OwnedRepository(raw), reporter_, commit_time_);
}

}  // namespace

Result<std::unique_ptr<client::GitRepository>> open_repository(
    const fs::path& folder, Reporter& reporter, std::optional<std::int64_t> commit_time) {
    ensure_libgit2();
    std::error_code error;
    if (!fs::is_directory(folder, error))
        return fail(ErrorKind::usage, folder.string(), "no such directory");
    git_repository* raw = nullptr;
    int rc = git_repository_open_ext(&raw, folder.c_str(), 0, nullptr);
    if (rc == GIT_ENOTFOUND)
        return fail(ErrorKind::usage, folder.string(), "not inside a git working folder");
    if (rc < 0) return libgit2_failure(rc, folder.string(), "cannot open the git repository");
    OwnedRepository repo(raw);
    if (git_repository_is_bare(repo.get()))
        return fail(ErrorKind::usage, folder.string(),
                    "a bare repository has no working folder to save");
    return std::make_unique<LibGit2Repository>(std::move(repo), reporter, commit_time);
}

}  // namespace girofle::git
