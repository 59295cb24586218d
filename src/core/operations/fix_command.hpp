// The commands Girofle prints for a user to run (doctor's fixes, list's hints), written for a
// POSIX shell.
#pragma once

#include <string>

#include "core/root_layout.hpp"
#include "core/shell_word.hpp"

namespace girofle {

// "girofle ARGUMENTS", with --root ROOT before them when `layout`'s root is not the default
// one (the user named it with --root or GIROFLE_ROOT, which a copied command line may lack).
std::string girofle_command(const RootLayout& layout, const std::string& arguments);

}  // namespace girofle
