#include "core/operations/fix_command.hpp"

namespace girofle {

std::string girofle_command(const RootLayout& layout, const std::string& arguments) {
    const bool default_root = layout.root() == RootLayout::kDefaultRoot;
    return "girofle " + (default_root ? "" : "--root " + shell_word(layout.root().string()) + " ") +
           arguments;
}

}  // namespace girofle
