// commit, branch, checkout, merge, rebase and tag: the steps that shape a repository's history.
#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace {

class Commit final : public StepKind {
public:
    std::string_view name() const override { return "commit"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"message", FieldType::text},
                {"identity", FieldType::identity}};
    }
    std::string label(const Step& step) const override {
        return "commit in " + step.field("repository") + ": " + step.field("message");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        auto commit = context.git.commit_all(context.directory_of(step.field("repository")),
                                             step.field("message"), context.stamp(step));
        return commit ? StepOutcome{} : failed(commit.error());
    }
};

class Branch final : public StepKind {
public:
    std::string_view name() const override { return "branch"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"name", FieldType::text},
                {"start", FieldType::text, false}};
    }
    std::string label(const Step& step) const override {
        return "branch " + step.field("name") + " in " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return outcome_of(context.git.create_branch(context.directory_of(step.field("repository")),
                                                    step.field("name"), step.field("start")));
    }
};

class Checkout final : public StepKind {
public:
    std::string_view name() const override { return "checkout"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository}, {"branch", FieldType::text}};
    }
    std::string label(const Step& step) const override {
        return "checkout " + step.field("branch") + " in " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return outcome_of(context.git.checkout(context.directory_of(step.field("repository")),
                                               step.field("branch")));
    }
};

class Merge final : public StepKind {
public:
    std::string_view name() const override { return "merge"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"branch", FieldType::text},
                {"identity", FieldType::identity},
                {"mode", FieldType::choice, false, merge_mode_names()},
                {"message", FieldType::text, false}};
    }
    std::string label(const Step& step) const override {
        return "merge " + step.field("branch") + " in " + step.field("repository") + " (" +
               step.field("mode", "ff") + ")";
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        const std::string branch = step.field("branch");
        const std::string message = step.field("message", "Merge branch '" + branch + "'");
        return integration_outcome(
            context.git.merge(context.directory_of(step.field("repository")), branch,
                              merge_mode(step.field("mode", "ff")), message, context.stamp(step)),
            "merge of " + branch);
    }
};

class Rebase final : public StepKind {
public:
    std::string_view name() const override { return "rebase"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"onto", FieldType::text},
                {"identity", FieldType::identity}};
    }
    std::string label(const Step& step) const override {
        return "rebase " + step.field("repository") + " onto " + step.field("onto");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return integration_outcome(
            context.git.rebase(context.directory_of(step.field("repository")), step.field("onto"),
                               context.stamp(step)),
            "rebase onto " + step.field("onto"));
    }
};

class Tag final : public StepKind {
public:
    std::string_view name() const override { return "tag"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"name", FieldType::text},
                {"target", FieldType::text, false},
                {"message", FieldType::text, false},
                {"identity", FieldType::identity, false}};
    }
    std::string label(const Step& step) const override {
        return "tag " + step.field("name") + " in " + step.field("repository");
    }
    std::optional<std::string> check(const Step& step) const override {
        if (step.fields.contains("message") && !step.fields.contains("identity"))
            return "an annotated tag (message) needs an identity";
        return std::nullopt;
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return outcome_of(context.git.tag(context.directory_of(step.field("repository")),
                                          step.field("name"), step.field("target", "HEAD"),
                                          step.field("message"), context.stamp(step)));
    }
};

}  // namespace

const std::vector<std::string>& merge_mode_names() {
    static const std::vector<std::string> names{"ff", "ff-only", "no-ff"};
    return names;
}

MergeMode merge_mode(const std::string& name) {
    if (name == "ff-only") return MergeMode::fast_forward_only;
    if (name == "no-ff") return MergeMode::no_fast_forward;
    return MergeMode::fast_forward;
}

std::unique_ptr<StepKind> make_commit() { return std::make_unique<Commit>(); }
std::unique_ptr<StepKind> make_branch() { return std::make_unique<Branch>(); }
std::unique_ptr<StepKind> make_checkout() { return std::make_unique<Checkout>(); }
std::unique_ptr<StepKind> make_merge() { return std::make_unique<Merge>(); }
std::unique_ptr<StepKind> make_rebase() { return std::make_unique<Rebase>(); }
std::unique_ptr<StepKind> make_tag() { return std::make_unique<Tag>(); }

}  // namespace girofle::gravity::steps
