// save and sync: Girofle's own client, run on a work tree as a user runs it. Its commits use
// the identity the step names, written to the repository's configuration as a user sets
// user.name and user.email, and the scenario's clock.
#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity::steps {
namespace {

// `girofle save` and `girofle sync` differ only in the client operation they run. A diverged
// sync exits with status 3 without failing: the user merges by hand; an `expect` of kind
// exit_status tells which case happened.
class ClientStep final : public StepKind {
public:
    using Operation = Result<int> (GitWorkspace::*)(const std::filesystem::path&, const CommitStamp&);
    ClientStep(std::string_view name, Operation operation) : name_(name), operation_(operation) {}

    std::string_view name() const override { return name_; }
    std::vector<FieldSpec> fields() const override {
        return {{"repository", FieldType::repository}, {"identity", FieldType::identity}};
    }
    std::string label(const Step& step) const override {
        return "girofle " + std::string(name_) + " in " + step.field("repository");
    }
    StepOutcome play(const Step& step, StepContext& context) const override {
        auto status = (context.git.*operation_)(context.directory_of(step.field("repository")),
                                                context.stamp(step));
        return status ? StepOutcome{.exit_status = *status} : failed(status.error());
    }

private:
    std::string_view name_;
    Operation operation_;
};

}  // namespace

std::unique_ptr<StepKind> make_save() {
    return std::make_unique<ClientStep>("save", &GitWorkspace::client_save);
}
std::unique_ptr<StepKind> make_sync() {
    return std::make_unique<ClientStep>("sync", &GitWorkspace::client_sync);
}

}  // namespace girofle::gravity::steps
