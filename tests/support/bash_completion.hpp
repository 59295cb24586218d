// Completion as bash does it: the generated script sourced into a real bash, COMP_WORDS set as
// readline would set them, and the words the completion function offers.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace girofle::testing {

// The words offered for `girofle --root ROOT WORDS... CURRENT`; the script's own calls to
// girofle find the binary under test first in PATH.
std::vector<std::string> bash_complete(const std::filesystem::path& script, const std::filesystem::path& root,
                                       const std::vector<std::string>& words, const std::string& current);

}  // namespace girofle::testing
