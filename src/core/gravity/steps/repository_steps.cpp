// init and clone: the steps that bring a repository into the work directory.
#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace {

class Init final : public StepKind {
public:
    std::string_view name() const override { return "init"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"branch", FieldType::text, false},
                {"origin", FieldType::repository, false}};
    }
    std::string label(const Step& step) const override {
        return "init " + step.field("repository");
    }
    bool may_fail() const override { return false; }
    // `origin`: the repository a later push publishes to, as `git remote add origin`.
    StepOutcome play(const Step& step, StepContext& context) const override {
        const std::string repository = step.field("repository");
        const bool bare = context.scenario.repositories.at(repository).bare;
        const auto dir = context.directory_of(repository);
        if (auto made = context.git.init(dir, bare, step.field("branch", "main")); !made)
            return failed(made.error());
        if (!step.fields.contains("origin")) return {};
        return outcome_of(context.git.add_remote(dir, "origin", context.location_of(step.field("origin"))));
    }
};

class Clone final : public StepKind {
public:
    std::string_view name() const override { return "clone"; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository},
                {"from", FieldType::repository},
                {"branch", FieldType::text, false}};
    }
    std::string label(const Step& step) const override {
        return "clone " + step.field("from") + " as " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        return outcome_of(context.git.clone(context.location_of(step.field("from")),
                                            context.directory_of(step.field("repository")),
                                            step.field("branch")));
    }
};

}  // namespace

std::unique_ptr<StepKind> make_init() { return std::make_unique<Init>(); }
std::unique_ptr<StepKind> make_clone() { return std::make_unique<Clone>(); }

}  // namespace girofle::gravity::steps
