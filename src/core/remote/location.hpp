// A restic repository location as the user writes it: an absolute path or a backend prefix
// (sftp:, rest:, s3:, rclone:, ...). Checked before restic ever sees it.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace girofle {

// Usage error when it is not a location restic can use or could be read as an option.
Result<void> validate_location(std::string_view location);

// The location with any password in a URL (rest:https://user:secret@host/) replaced by
// "***": what messages and logs may show.
std::string redacted_location(std::string_view location);

}  // namespace girofle
