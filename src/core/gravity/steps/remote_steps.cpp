// fetch, pull and push: a work tree exchanging commits with its remote, `origin` unless said.
#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace {

class Fetch final : public StepKind {
public:
    std::string_view name() const override { return "fetch"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository}, {"remote", FieldType::text, false}};
    }
    std::string label(const Step& step) const override {
        return "fetch " + step.field("remote", "origin") + " in " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return outcome_of(context.git.fetch(context.directory_of(step.field("repository")),
                                            step.field("remote", "origin")));
    }
};

class Pull final : public StepKind {
public:
    std::string_view name() const override { return "pull"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"identity", FieldType::identity},
                {"mode", FieldType::choice, false, merge_mode_names()}};
    }
    std::string label(const Step& step) const override {
        return "pull in " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const auto repo = context.directory_of(step.field("repository"));
        auto branch = context.git.current_branch(repo);
        if (!branch) return failed(branch.error());
        if (auto fetched = context.git.fetch(repo, "origin"); !fetched)
            return failed(fetched.error());
        const std::string upstream = "origin/" + *branch;
        return integration_outcome(
            context.git.merge(repo, upstream, merge_mode(step.field("mode", "ff")),
                              "Merge " + upstream + " into " + *branch, context.stamp(step)),
            "pull of " + upstream);
    }
};

// Pushes a branch (the current one unless named) or a tag; a pushed branch then tracks the
// remote's, like `git push -u`, so that `pull` and `sync` know their upstream.
class Push final : public StepKind {
public:
    std::string_view name() const override { return "push"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"branch", FieldType::text, false},
                {"tag", FieldType::text, false},
                {"remote", FieldType::text, false}};
    }
    std::string label(const Step& step) const override {
        const std::string what = step.fields.contains("tag")
                                     ? "tag " + step.field("tag")
                                     : step.field("branch", "the current branch");
        return "push " + what + " from " + step.field("repository");
    }
    std::optional<std::string> check(const Step& step) const override {
        if (step.fields.contains("branch") && step.fields.contains("tag"))
            return "push either a branch or a tag, not both";
        return std::nullopt;
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const auto repo = context.directory_of(step.field("repository"));
        const std::string remote = step.field("remote", "origin");
        if (step.fields.contains("tag")) {
            const std::string ref = "refs/tags/" + step.field("tag");
            return outcome_of(context.git.push(repo, remote, {ref + ":" + ref}));
        }
        std::string branch = step.field("branch");
        if (branch.empty()) {
            auto current = context.git.current_branch(repo);
            if (!current) return failed(current.error());
            branch = *current;
        }
        const std::string ref = "refs/heads/" + branch;
        if (auto pushed = context.git.push(repo, remote, {ref + ":" + ref}); !pushed)
            return failed(pushed.error());
        return outcome_of(context.git.set_upstream(repo, remote, branch));
    }
};

}  // namespace

std::unique_ptr<StepKind> make_fetch() { return std::make_unique<Fetch>(); }
std::unique_ptr<StepKind> make_pull() { return std::make_unique<Pull>(); }
std::unique_ptr<StepKind> make_push() { return std::make_unique<Push>(); }

}  // namespace girofle::gravity::steps
