// The one place that decides what a child process inherits. Girofle's own secrets never
// reach a child: the restic password goes to restic on stdin, never through its environment,
// and rsync, ssh or git get no storage credentials at all.
#pragma once

#include <string>
#include <vector>

#include "core/process.hpp"

namespace girofle {

// Variables holding secrets that Girofle itself reads (restic's repository password, the
// etcd password): never inherited by a child. No product code passes one in `request.env`.
bool is_girofle_secret_variable(std::string_view name);

// Credentials of restic's storage backends (S3, B2, Azure, Google Cloud, Swift, rclone
// configuration overrides), as restic's documentation lists them: only children that
// declare `ProcessRequest::storage_credentials` keep them.
bool is_storage_credential_variable(std::string_view name);

// `inherited`: "NAME=VALUE" entries (the parent's environ). Returns the child's entries:
// inherited ones less secrets, less `request.env_remove`, less names `request.env` sets,
// then `request.env`'s own entries.
std::vector<std::string> child_environment(const std::vector<std::string>& inherited,
                                           const ProcessRequest& request);

}  // namespace girofle
