#include "core/remote/restic.hpp"

#include <regex>

#include "core/remote/location.hpp"

namespace girofle {
namespace {

std::string joined(const std::vector<std::string>& tags) {
    std::string text;
    for (const auto& tag : tags) text += (text.empty() ? "" : ",") + tag;
    return text;
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

std::string ResticRepository::object() const { return "remote " + redacted_location(location); }

ProcessRequest restic_request(const ResticRepository& repository, const std::vector<std::string>& arguments,
                              std::chrono::milliseconds timeout) {
    ProcessRequest request;
    request.argv = {"restic"};
    for (const auto& option : repository.options) {
        request.argv.push_back("-o");
        request.argv.push_back(option);
    }
    request.argv.insert(request.argv.end(), arguments.begin(), arguments.end());
    // Environment, not --repo: a rest: or s3: URL may carry credentials.
    request.env["RESTIC_REPOSITORY"] = repository.location;
    // The password goes through stdin or a file; core/child_environment.hpp drops the
    // environment's copy whatever happens here.
    request.env_remove = {"RESTIC_REPOSITORY_FILE"};
    request.storage_credentials = true;
    if (repository.password.value) {
        request.env_remove.push_back("RESTIC_PASSWORD_FILE");
        request.stdin_data = *repository.password.value;  // restic reads it from a pipe
    } else {
        request.env["RESTIC_PASSWORD_FILE"] = repository.password.file.string();
    }
    request.timeout = timeout;
    request.cancel_on_interruption = true;
    return request;
}

namespace restic_args {

std::vector<std::string> init() { return {"init"}; }

std::vector<std::string> probe() { return {"cat", "config"}; }

std::vector<std::string> backup(const std::vector<std::string>& tags) {
    // --ignore-ctime: each new snapshot hard-links the files that did not change, and adding a
    // link changes a file's ctime, so restic would read every unchanged file again. ctime adds
    // nothing here: a snapshot's files are never modified in place (a changed file is a new
    // file, with a new inode), so inode, mtime and size, which restic still compares, tell a
    // changed file. The inode stays compared (no --ignore-inode): it is what proves the file is
    // the one the parent snapshot read.
    std::vector<std::string> args = {"backup", "--json", "--ignore-ctime"};
    for (const auto& tag : tags) {
        args.push_back("--tag");
        args.push_back(tag);
    }
    args.push_back("--");
    args.push_back(".");
    return args;
}

std::vector<std::string> snapshots(const std::vector<std::string>& tags_all_of) {
    return {"snapshots", "--json", "--tag", joined(tags_all_of)};
}

std::vector<std::string> restore(const std::string& snapshot, const std::string& target) {
    return {"restore", "--target", target, "--", snapshot};
}

std::vector<std::string> forget(const std::vector<std::string>& tags_all_of, const RetentionPolicy& keep) {
    // Grouped by nothing: each snapshot has its own path and tags, so restic's default
    // grouping would make every group one snapshot and keep them all.
    return {"forget", "--prune", "--json", "--tag", joined(tags_all_of), "--group-by", "",
            "--keep-last", std::to_string(keep.last), "--keep-daily", std::to_string(keep.daily),
            "--keep-weekly", std::to_string(keep.weekly)};
}

std::vector<std::string> unlock(bool remove_all) {
    if (remove_all) return {"unlock", "--remove-all"};
    return {"unlock"};
}

std::vector<std::string> check(const std::string& subset) {
    if (subset.empty()) return {"check"};
    if (subset == "all") return {"check", "--read-data"};
    return {"check", "--read-data-subset=" + subset};
}

}  // namespace restic_args

Result<void> validate_read_data_subset(const std::string& subset) {
    static const std::regex part("([1-9][0-9]*)/([1-9][0-9]*)");
    static const std::regex percent("([0-9]+(\\.[0-9]+)?)%");
    static const std::regex size("[1-9][0-9]*[kKmMgGtT]?");
    std::smatch found;
    if (std::regex_match(subset, found, part)) {
        try {
            if (std::stoull(found[1].str()) <= std::stoull(found[2].str())) return {};
        } catch (const std::out_of_range&) {
        }
    } else if (std::regex_match(subset, found, percent)) {
        const double share = std::strtod(found[1].str().c_str(), nullptr);
        if (share > 0 && share <= 100) return {};
    } else if (std::regex_match(subset, size)) {
        return {};
    }
    return fail(ErrorKind::usage, "--read-data-subset '" + subset + "'",
                "expected N/M (1 <= N <= M), a percentage such as 10% (up to 100%) or a size such as 2G");
}

bool says_no_repository(const ProcessResult& result) {
    return contains(result.err, "Is there a repository at the following location?") ||
           contains(result.err, "repository does not exist");
}

Error restic_failure(const ProcessResult& result, const std::string& object) {
    if (result.timed_out) return Error{ErrorKind::timeout, object, "restic did not finish in time"};
    if (result.signal != 0) return Error{ErrorKind::failed, object, "restic was interrupted"};
    const std::string& err = result.err;
    if (contains(err, "wrong password"))
        return Error{ErrorKind::permission, object, "wrong repository password (no key opens it)"};
    if (says_no_repository(result))
        return Error{ErrorKind::not_found, object, "no restic repository there"};
    if (contains(err, "ssh command exited") || contains(err, "unable to start the sftp session") ||
        contains(err, "connection refused") || contains(err, "no such host") || contains(err, "i/o timeout") ||
        contains(err, "Connection refused"))
        return Error{ErrorKind::unavailable, object, "unreachable: " + tail_of(err, 200)};
    // Another restic holds the repository (a live one, or one whose lock `restic unlock` has not
    // judged stale yet): the repository is busy, not damaged.
    if (contains(err, "repository is already locked"))
        return Error{ErrorKind::busy, object,
                     "busy: locked by another restic process (" + tail_of(err, 200) +
                         "); if that process is gone, run: girofle remote unlock"};
    if (contains(err, "no matching ID found") || contains(err, "no snapshot found"))
        return Error{ErrorKind::not_found, object, "no such snapshot"};
    std::string cause = "restic failed (exit status " + std::to_string(result.exit_code) + ")";
    const std::string why = tail_of(err.empty() ? result.out : err, 240);
    return Error{ErrorKind::failed, object, why.empty() ? cause : cause + ": " + why};
}

}  // namespace girofle
