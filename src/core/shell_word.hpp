// Text as one word for a POSIX shell, for the command lines Girofle writes for others to run
// (cron lines, doctor's fixes, list's hints).
#pragma once

#include <string>

namespace girofle {

// `text` inside single quotes, each quote in it written '\'' (POSIX, "Single-Quotes").
std::string shell_word(const std::string& text);

}  // namespace girofle
