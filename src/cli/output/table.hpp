// Aligned columns for people; scripts use --json.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace girofle::cli {

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

}  // namespace girofle::cli
