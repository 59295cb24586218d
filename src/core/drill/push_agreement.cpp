#include "core/drill/push_agreement.hpp"

#include <map>
#include <set>
#include <sstream>

namespace girofle {
namespace {

bool is_zero_id(const std::string& id) { return !id.empty() && id.find_first_not_of('0') == std::string::npos; }
bool compared(const std::string& ref) { return ref.starts_with("refs/heads/") || ref.starts_with("refs/tags/"); }

// The values a ref may have given its rows ("" stands for absent).
std::set<std::string> allowed_values(const std::vector<const PushEvent*>& rows, DatabaseTiming timing) {
    std::set<std::string> allowed;
    auto value_of = [](const PushEvent* row) { return is_zero_id(row->commit_to) ? std::string() : row->commit_to; };
    if (timing == DatabaseTiming::database_after_repositories) {
        allowed.insert("");  // a ref the archive's repositories do not have yet
        for (const auto* row : rows) allowed.insert(value_of(row));
        return allowed;
    }
    std::size_t last_committed = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i]->state == "committed") last_committed = i;
    if (last_committed == rows.size()) allowed.insert("");  // never committed: may not exist yet
    else allowed.insert(value_of(rows[last_committed]));
    for (std::size_t i = last_committed == rows.size() ? 0 : last_committed + 1; i < rows.size(); ++i)
        if (rows[i]->state == "prepared") allowed.insert(value_of(rows[i]));
    return allowed;
}

}  // namespace

std::vector<PushEvent> parse_push_events(const std::string& output) {
    std::vector<PushEvent> events;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::istringstream parts(line);
        for (std::string field; std::getline(parts, field, '\t');) fields.push_back(field);
        if (fields.size() != 4) continue;
        events.push_back({fields[0], fields[1], fields[2], fields[3]});
    }
    return events;
}

std::vector<std::string> push_event_disagreements(const std::vector<PushEvent>& events, const RepositoryRefs& refs,
                                                  DatabaseTiming timing) {
    std::map<std::pair<std::string, std::string>, std::vector<const PushEvent*>> rows_of;
    for (const auto& event : events)
        if (event.state != "aborted" && compared(event.ref)) rows_of[{event.repository, event.ref}].push_back(&event);

    std::vector<std::string> problems;
    for (const auto& [repository, ref_map] : refs)
        for (const auto& [ref, id] : ref_map) {
            if (!compared(ref)) continue;
            auto rows = rows_of.find({repository, ref});
            if (rows == rows_of.end()) {
                problems.push_back(repository + " " + ref + " is at " + id + " but no push of it is recorded");
                continue;
            }
            if (!allowed_values(rows->second, timing).contains(id))
                problems.push_back(repository + " " + ref + " is at " + id + " but the database's last push put it at " +
                                   rows->second.back()->commit_to);
        }
    for (const auto& [key, rows] : rows_of) {
        const auto& [repository, ref] = key;
        auto found = refs.find(repository);
        if (found != refs.end() && found->second.contains(ref)) continue;
        if (!allowed_values(rows, timing).contains(""))
            problems.push_back(repository + " " + ref + " is missing, but the database's last push put it at " +
                               rows.back()->commit_to);
    }
    return problems;
}

}  // namespace girofle
