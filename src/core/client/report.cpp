#include "core/client/report.hpp"

#include <fmt/format.h>

namespace girofle::client {
namespace {

std::string short_id(const std::string& commit) { return commit.substr(0, 10); }

std::string describe(Difference difference) {
    switch (difference) {
        case Difference::changed_both: return "changed on both sides";
        case Difference::changed_here: return "changed here only";
        case Difference::changed_there: return "changed on the remote only";
        case Difference::changed_here_deleted_there: return "changed here, deleted on the remote";
        case Difference::deleted_here_changed_there: return "deleted here, changed on the remote";
        case Difference::directory_here_file_there:
            return "a directory here, a file or link on the remote";
        case Difference::file_here_directory_there:
            return "a file or link here, a directory on the remote";
    }
    return "";
}

bool remote_has(Difference difference) {
    return difference != Difference::changed_here_deleted_there;
}
bool local_has(Difference difference) {
    return difference != Difference::deleted_here_changed_there;
}

std::string plural(std::size_t count, const std::string& word) {
    return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

nlohmann::json changes_json(const ChangeCounts& changes) {
    return {{"added", changes.added}, {"modified", changes.modified}, {"deleted", changes.deleted}};
}

nlohmann::json divergence_json(const SaveReport& saved, const DivergenceReport& divergence) {
    nlohmann::json differing = nlohmann::json::array();
    for (const DifferingFile& file : divergence.plan.differing) {
        differing.push_back(
            {{"path", file.path},
             {"difference", to_string(file.difference)},
             {"remote_version", remote_has(file.difference)
                                    ? nlohmann::json((saved.work_tree / file.path).string())
                                    : nlohmann::json()},
             {"your_version", local_has(file.difference)
                                  ? nlohmann::json((divergence.backup / file.path).string())
                                  : nlohmann::json()}});
    }
    return {{"backup", divergence.backup.string()},
            {"added_to_remote", divergence.plan.missing_from_remote},
            {"added_to_remote_commit", divergence.pushed_commit.empty()
                                           ? nlohmann::json()
                                           : nlohmann::json(divergence.pushed_commit)},
            {"differing", differing},
            {"deleted_on_remote", divergence.plan.deleted_there},
            {"deleted_here", divergence.plan.deleted_here},
            {"left_in_backup", divergence.left_in_backup}};
}

void append_list(std::string& text, const std::string& title,
                 const std::vector<std::string>& paths) {
    if (paths.empty()) return;
    text += title + "\n";
    for (const std::string& path : paths) text += "  " + path + "\n";
}

std::string divergence_text(const SyncReport& report, const DivergenceReport& divergence) {
    const DivergencePlan& plan = divergence.plan;
    std::string text = fmt::format(
        "{} and {} have diverged ({} here, {} on the remote).\n"
        "Your folder as it was, local commits included, is kept in:\n  {}\n"
        "{} now holds a fresh clone of {}.\n",
        report.saved.branch, report.upstream, plural(report.tips.ahead, "commit"),
        plural(report.tips.behind, "commit"), divergence.backup.string(),
        report.saved.work_tree.string(), report.upstream);
    append_list(text,
                divergence.pushed_commit.empty()
                    ? "Files missing from the remote:"
                    : "Files missing from the remote, added and pushed (commit " +
                          short_id(divergence.pushed_commit) + "):",
                plan.missing_from_remote);
    if (!plan.differing.empty()) {
        text +=
            "Files that differ: both versions are kept and nothing was overwritten. Merge them "
            "by hand into the folder, then run girofle sync again:\n";
        for (const DifferingFile& file : plan.differing) {
            text += fmt::format("  {} ({})\n", file.path, describe(file.difference));
            text += "    remote version: " +
                    (remote_has(file.difference) ? (report.saved.work_tree / file.path).string()
                                                 : std::string("(deleted)")) +
                    "\n";
            text += "    your version:   " +
                    (local_has(file.difference) ? (divergence.backup / file.path).string()
                                                : std::string("(deleted)")) +
                    "\n";
        }
    }
    append_list(text, "Deleted on the remote and left deleted (your copy is in the backup):",
                plan.deleted_there);
    append_list(text, "Deleted here but kept on the remote, so back in the folder:",
                plan.deleted_here);
    append_list(text,
                "Not tracked by git and in the way of the remote's files, so only in the backup:",
                divergence.left_in_backup);
    return text;
}

}  // namespace

nlohmann::json to_json(const SaveReport& report) {
    return {{"command", "save"},
            {"work_tree", report.work_tree.string()},
            {"branch", report.branch},
            {"commit", report.commit.empty() ? nlohmann::json() : nlohmann::json(report.commit)},
            {"changes", changes_json(report.changes)},
            {"nested_repositories_left_alone", report.nested_repositories}};
}

nlohmann::json to_json(const SyncReport& report) {
    nlohmann::json json = {
        {"command", "sync"},
        {"work_tree", report.saved.work_tree.string()},
        {"branch", report.saved.branch},
        {"upstream", report.upstream},
        {"upstream_set", report.upstream_set},
        {"saved", {{"commit", report.saved.commit.empty() ? nlohmann::json()
                                                          : nlohmann::json(report.saved.commit)},
                   {"changes", changes_json(report.saved.changes)},
                   {"nested_repositories_left_alone", report.saved.nested_repositories}}},
        {"ahead", report.tips.ahead},
        {"behind", report.tips.behind},
        {"outcome", to_string(report.action)},
        {"exit_status", report.exit_status()}};
    if (report.divergence) json["diverged"] = divergence_json(report.saved, *report.divergence);
    return json;
}

std::string to_text(const SaveReport& report) {
    if (report.commit.empty()) return "Nothing to save in " + report.work_tree.string() + ".\n";
    return fmt::format("Saved {} on {} ({} added, {} modified, {} deleted): commit {}.\n",
                       plural(report.changes.total(), "change"), report.branch,
                       report.changes.added, report.changes.modified, report.changes.deleted,
                       short_id(report.commit));
}

std::string to_text(const SyncReport& report) {
    std::string text = to_text(report.saved);
    switch (report.action) {
        case SyncAction::nothing:
            text += fmt::format("{} is up to date with {}.\n", report.saved.branch,
                                report.upstream);
            break;
        case SyncAction::push:
            text += fmt::format("Pushed {} from {} to {}.\n", plural(report.tips.ahead, "commit"),
                                report.saved.branch, report.upstream);
            break;
        case SyncAction::fast_forward:
            text += fmt::format("Brought {} from {} into {}.\n",
                                plural(report.tips.behind, "new commit"), report.upstream,
                                report.saved.branch);
            break;
        case SyncAction::diverged:
            if (report.divergence) text += divergence_text(report, *report.divergence);
            break;
    }
    if (report.upstream_set)
        text += fmt::format("{} is now the upstream of {}.\n", report.upstream,
                            report.saved.branch);
    return text;
}

}  // namespace girofle::client
