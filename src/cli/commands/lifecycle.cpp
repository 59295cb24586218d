#include "cli/command_table.hpp"

namespace girofle::cli {

void register_lifecycle_commands(CommandTable&) {}

}  // namespace girofle::cli
