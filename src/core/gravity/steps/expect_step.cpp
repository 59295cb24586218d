// expect: a check on the repositories or on an earlier step's outcome. A false expectation
// is a failed step (exit status 1) saying what was found instead.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace {

// Which fields each check needs (beyond `check`), and which it may have.
struct CheckSpec {
    std::string name;
    std::vector<std::string> required;
    std::vector<std::string> optional = {};
};

const std::vector<CheckSpec>& check_specs() {
    static const std::vector<CheckSpec> specs{
        {"ref_equals", {"repository", "ref"}, {"commit", "other_repository", "other_ref"}},
        {"ancestor_of", {"repository", "ancestor", "descendant"}},
        {"commit_count", {"repository", "ref", "count"}},
        {"file_content", {"repository", "path", "content"}},
        {"clean_tree", {"repository"}},
        {"exit_status", {"step", "status"}},
        {"conflict_listed", {"step", "path"}},
    };
    return specs;
}

std::vector<std::string> check_names() {
    std::vector<std::string> names;
    for (const CheckSpec& spec : check_specs()) names.push_back(spec.name);
    return names;
}

std::optional<std::string> false_expectation(const Step& step, StepContext& context);

class Expect final : public StepKind {
public:
    std::string_view name() const override { return "expect"; }
    std::vector<FieldSpec> fields() const override {
        return {{"check", FieldType::choice, true, check_names()},
                {"repository", FieldType::repository, false},
                {"ref", FieldType::text, false},
                {"commit", FieldType::text, false},
                {"other_repository", FieldType::repository, false},
                {"other_ref", FieldType::text, false},
                {"ancestor", FieldType::text, false},
                {"descendant", FieldType::text, false},
                {"count", FieldType::count, false},
                {"path", FieldType::path, false},
                {"content", FieldType::text, false},
                {"step", FieldType::step, false},
                {"status", FieldType::count, false}};
    }
    std::string label(const Step& step) const override {
        const std::string check = step.field("check");
        std::string subject = step.fields.contains("step") ? "step " + step.field("step")
                                                           : step.field("repository");
        if (step.fields.contains("ref")) subject += " " + step.field("ref");
        if (step.fields.contains("path")) subject += " " + step.field("path");
        return "expect " + check + ": " + subject;
    }
    std::optional<std::string> check(const Step& step) const override {
        const std::string check = step.field("check");
        for (const CheckSpec& spec : check_specs()) {
            if (spec.name != check) continue;
            for (const std::string& field : spec.required)
                if (!step.fields.contains(field))
                    return "check " + check + " needs the field " + field;
            for (const auto& [field, value] : step.fields) {
                if (field == "check") continue;
                bool known = std::ranges::find(spec.required, field) != spec.required.end() ||
                             std::ranges::find(spec.optional, field) != spec.optional.end();
                if (!known) return "check " + check + " has no field " + field;
            }
            if (check == "ref_equals" &&
                step.fields.contains("commit") == step.fields.contains("other_ref"))
                return "check ref_equals needs either commit or other_ref";
        }
        return std::nullopt;
    }
    bool may_fail() const override { return false; }
    StepOutcome play(const Step& step, StepContext& context) const override {
        auto problem = false_expectation(step, context);
        if (!problem) return {};
        return failed(Error{ErrorKind::failed, "expectation " + step.field("check"), *problem});
    }
};

template <typename T>
std::string shown(const Result<T>& result) {
    if (!result) return "(" + result.error().message() + ")";
    std::ostringstream text;
    text << *result;
    return text.str();
}

std::optional<std::string> false_expectation(const Step& step, StepContext& context) {
    const std::string check = step.field("check");
    GitWorkspace& git = context.git;
    const auto repo = context.directory_of(step.field("repository"));
    if (check == "ref_equals") {
        auto actual = git.resolve(repo, step.field("ref"));
        Result<std::string> wanted = step.field("commit");
        if (step.fields.contains("other_ref"))
            wanted = git.resolve(
                context.directory_of(step.field("other_repository", step.field("repository"))),
                step.field("other_ref"));
        if (actual && wanted && *actual == *wanted) return std::nullopt;
        return step.field("ref") + " is " + shown(actual) + ", expected " + shown(wanted);
    }
    if (check == "ancestor_of") {
        auto ancestor = git.is_ancestor(repo, step.field("ancestor"), step.field("descendant"));
        if (ancestor && *ancestor) return std::nullopt;
        return step.field("ancestor") + " is not an ancestor of " + step.field("descendant") +
               (ancestor ? "" : " " + shown(ancestor));
    }
    if (check == "commit_count") {
        auto count = git.count_commits(repo, step.field("ref"));
        if (count && std::to_string(*count) == step.field("count")) return std::nullopt;
        return step.field("ref") + " has " + shown(count) + " commits, expected " +
               step.field("count");
    }
    if (check == "file_content") {
        const auto file = repo / step.field("path");
        std::ifstream in(file, std::ios::binary);
        if (!in) return file.string() + " cannot be read";
        std::ostringstream content;
        content << in.rdbuf();
        if (content.str() == step.field("content")) return std::nullopt;
        return step.field("path") + " holds \"" + content.str() + "\", expected \"" +
               step.field("content") + "\"";
    }
    if (check == "clean_tree") {
        auto changed = git.changed_paths(repo);
        if (changed && changed->empty()) return std::nullopt;
        if (!changed) return "(" + changed.error().message() + ")";
        return "the tree has " + std::to_string(changed->size()) + " changed paths, first " +
               changed->front();
    }
    // Validation saw the step earlier in the document; a step of another parallel branch of
    // the same block has no outcome this branch may rely on.
    auto recorded = context.outcomes.find(step.field("step"));
    if (recorded == context.outcomes.end())
        return "step " + step.field("step") + " has not played before this one";
    const StepOutcome& outcome = recorded->second;
    if (check == "exit_status") {
        if (std::to_string(outcome.exit_status) == step.field("status")) return std::nullopt;
        return "step " + step.field("step") + " ended with status " +
               std::to_string(outcome.exit_status) + ", expected " + step.field("status");
    }
    const std::string path = step.field("path");
    if (std::ranges::find(outcome.conflicts, path) != outcome.conflicts.end()) return std::nullopt;
    return "step " + step.field("step") + " listed no conflict in " + path;
}

}  // namespace

std::unique_ptr<StepKind> make_expect() { return std::make_unique<Expect>(); }

}  // namespace girofle::gravity::steps
