#include "core/drill/expected_contents.hpp"

#include <charconv>
#include <sstream>

#include "core/json_integer.hpp"

namespace girofle {

nlohmann::json to_json(const ExpectedContents& expected) {
    nlohmann::json json = {{"refs_recorded", expected.refs_recorded}};
    if (expected.refs_recorded) json["repositories"] = expected.repositories;
    json["push_events_at_least"] =
        expected.push_events_at_least ? nlohmann::json(*expected.push_events_at_least) : nlohmann::json(nullptr);
    return json;
}

Result<ExpectedContents> expected_contents_from_json(const nlohmann::json& json) {
    try {
        ExpectedContents expected;
        expected.refs_recorded = json.value("refs_recorded", false);
        if (expected.refs_recorded) expected.repositories = json.at("repositories").get<RepositoryRefs>();
        if (json.contains("push_events_at_least") && !json.at("push_events_at_least").is_null())
            expected.push_events_at_least = integer_from<std::uint64_t>(json.at("push_events_at_least"));
        return expected;
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::failed, "manifest's expected contents", std::string("malformed: ") + error.what());
    }
}

RefMap parse_for_each_ref(const std::string& output) {
    RefMap refs;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        const auto space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == line.size()) continue;
        refs[line.substr(space + 1)] = line.substr(0, space);
    }
    return refs;
}

Result<RepositoryRefs> read_repository_refs(ProcessRunner& processes, const std::filesystem::path& repositories) {
    RepositoryRefs found;
    std::error_code error;
    std::filesystem::recursive_directory_iterator walk(repositories, error), end;
    if (error) {
        if (error == std::errc::no_such_file_or_directory) return found;
        return fail(ErrorKind::failed, repositories.string(), "cannot be read: " + error.message());
    }
    for (; walk != end; walk.increment(error)) {
        if (error) return fail(ErrorKind::failed, repositories.string(), "cannot be read: " + error.message());
        const auto& path = walk->path();
        if (!walk->is_directory(error) || walk->is_symlink(error) || path.extension() != ".git") continue;
        if (!std::filesystem::exists(path / "HEAD", error)) continue;
        walk.disable_recursion_pending();
        auto listed = processes.run({.argv = {"git", "-c", "safe.directory=*", "--git-dir=" + path.string(),
                                              "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads",
                                              "refs/tags"}});
        const std::string relative = path.lexically_relative(repositories).string();
        if (!listed) return std::unexpected(listed.error().about("repository " + relative));
        if (listed->exit_code != 0)
            return fail(ErrorKind::failed, "repository " + relative,
                        "git for-each-ref failed: " + tail_of(listed->err));
        found[relative] = parse_for_each_ref(listed->out);
    }
    return found;
}

std::optional<std::uint64_t> count_push_events(Docker& docker, const std::string& container,
                                               std::chrono::seconds timeout) {
    auto counted = docker.exec(container, {"gitlab-psql", "-At", "-c", kCountPushEventsSql}, timeout);
    if (!counted || counted->exit_code != 0) return std::nullopt;
    std::string text = counted->out;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::uint64_t value = 0;
    auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (problem != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace girofle
