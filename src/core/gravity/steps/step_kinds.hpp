// The step kinds, one class each; step_table.cpp lists them.
#pragma once

#include <memory>

#include "core/gravity/step_kind.hpp"

namespace girofle::gravity::steps {

std::unique_ptr<StepKind> make_init();
std::unique_ptr<StepKind> make_clone();
std::unique_ptr<StepKind> make_write();
std::unique_ptr<StepKind> make_delete();
std::unique_ptr<StepKind> make_move();
std::unique_ptr<StepKind> make_commit();
std::unique_ptr<StepKind> make_branch();
std::unique_ptr<StepKind> make_checkout();
std::unique_ptr<StepKind> make_merge();
std::unique_ptr<StepKind> make_rebase();
std::unique_ptr<StepKind> make_tag();
std::unique_ptr<StepKind> make_fetch();
std::unique_ptr<StepKind> make_pull();
std::unique_ptr<StepKind> make_push();
std::unique_ptr<StepKind> make_save();
std::unique_ptr<StepKind> make_sync();
std::unique_ptr<StepKind> make_expect();

// "ff", "ff-only", "no-ff"; the names merge and pull accept.
const std::vector<std::string>& merge_mode_names();
MergeMode merge_mode(const std::string& name);

}  // namespace girofle::gravity::steps
