// The commands Girofle prints for a user to run (doctor's fixes, list's hints), written for a
// POSIX shell.
#pragma once

#include <string>

#include "core/root_layout.hpp"

namespace girofle {

// `text` as one shell word, inside single quotes (a quote in it becomes '\'').
std::string shell_word(const std::string& text);

// "girofle ARGUMENTS", with --root ROOT before them when `layout`'s root is not the default
// one (the user named it with --root or GIROFLE_ROOT, which a copied command line may lack).
std::string girofle_command(const RootLayout& layout, const std::string& arguments);

}  // namespace girofle
