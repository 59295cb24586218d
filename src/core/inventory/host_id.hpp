// Each host of a fleet is known by a stable id kept in its root (ROOT/host-id), so that the
// same address on two VMs is two claims, and a record says which VM its instance lives on.
// The id survives reboots, hostname changes and reinstalls of Girofle; a restored root
// keeps its id.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/root_layout.hpp"

namespace girofle {

// The id in ROOT/host-id, created (a random UUID from the kernel) when the file is absent.
// Errors: usage when the file holds something other than 1 to 64 letters, digits, '-', '_'
// or '.'; the file error when it cannot be read or written.
Result<std::string> load_or_create_host_id(const RootLayout& layout);

}  // namespace girofle
