#include "core/process.hpp"

namespace girofle {

std::string tail_of(const std::string& text, std::size_t max_chars) {
    std::string trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' '))
        trimmed.pop_back();
    if (trimmed.size() > max_chars) trimmed = "..." + trimmed.substr(trimmed.size() - max_chars);
    for (char& c : trimmed)
        if (c == '\n') c = ' ';
    return trimmed;
}

}  // namespace girofle
