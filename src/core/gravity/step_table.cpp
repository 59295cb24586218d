#include "core/gravity/step_table.hpp"

#include <memory>

#include "core/gravity/steps/step_kinds.hpp"

namespace girofle::gravity {
namespace {

std::vector<std::unique_ptr<StepKind>> make_table() {
    std::vector<std::unique_ptr<StepKind>> table;
    for (auto make : {steps::make_init, steps::make_clone, steps::make_write, steps::make_delete,
                      steps::make_move, steps::make_commit, steps::make_branch,
                      steps::make_checkout, steps::make_merge, steps::make_rebase,
                      steps::make_tag, steps::make_fetch, steps::make_pull, steps::make_push,
                      steps::make_save, steps::make_sync, steps::make_expect})
        table.push_back(make());
    return table;
}

}  // namespace

const std::vector<const StepKind*>& step_kinds() {
    static const std::vector<std::unique_ptr<StepKind>> table = make_table();
    static const std::vector<const StepKind*> kinds = [] {
        std::vector<const StepKind*> pointers;
        for (const auto& kind : table) pointers.push_back(kind.get());
        return pointers;
    }();
    return kinds;
}

const StepKind* find_step_kind(std::string_view name) {
    for (const StepKind* kind : step_kinds())
        if (kind->name() == name) return kind;
    return nullptr;
}

}  // namespace girofle::gravity
