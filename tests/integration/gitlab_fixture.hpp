// End-to-end tests of Girofle against the real Docker engine and the GitLab stand-in image
// (tests/standin), each in its own root. Every container a test's root created is removed
// afterwards, whatever the outcome.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "support/commands.hpp"
#include "support/docker_required.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {

inline constexpr const char* kStandinImage = "girofle/gitlab-standin:17.5.1";
inline constexpr const char* kNeverReadyImage = "girofle/gitlab-standin:never-ready";
inline constexpr const char* kUnhealthyImage = "girofle/gitlab-standin:unhealthy";

class GitlabTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    std::filesystem::path root() const { return dir_.path() / "root"; }
    CommandResult girofle(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) const {
        return run_girofle(root(), args, env);
    }
    // commission with the stand-in image and a short bound; asserts success.
    nlohmann::json commission(const std::vector<std::string>& extra_args);
    // backup INSTANCE with extra arguments; asserts success and returns the manifest.
    nlohmann::json backup(const std::string& instance, const std::vector<std::string>& extra_args = {});
    // The instance's snapshot IDs, oldest first, as `backups --json` lists them.
    std::vector<std::string> backup_ids(const std::string& instance) const;
    void write_root_config(const nlohmann::json& config);

    // What a failed command must leave unchanged: the inventory, the containers of this root
    // and the files under it (logs and the live database's own files aside).
    std::string observable_state() const;
    std::vector<std::string> containers_of_root() const;

    std::filesystem::path scratch() const { return dir_.path(); }

private:
    void remove_containers_of_earlier_test_roots() const;

    TempDir dir_{"girofle-it"};
};

// The root password the stand-in wrote into the instance's config volume.
std::string initial_root_password(const std::filesystem::path& instance_directory);

// git with the password given through a credential helper reading the environment, never in
// a URL or an argument.
CommandResult git_with_password(const std::vector<std::string>& args, const std::string& password,
                                const std::filesystem::path& directory = {});

// A repository with a few commits on main and a branch, in `directory`.
void make_repository(const std::filesystem::path& directory);

// Every ref and the object each points to, one per line, sorted.
std::string refs_of(const std::filesystem::path& repository);

// HTTP GET with curl; the status is curl's exit code (7: connection refused).
CommandResult http_get(const std::string& url);

// One line per entry under `directory`: "relative-path uid:gid mode size", sorted; how a
// test compares owners, modes and sizes of two trees.
std::string ownership_listing(const std::filesystem::path& directory);

// Adds a commit on `branch` in the working repository and pushes it; returns its id.
std::string commit_and_push(const std::filesystem::path& repository, const std::string& url,
                            const std::string& password, const std::string& branch, const std::string& file);

// Disk taken by the files under `tree` that are not hard links to the same file under
// `before`: what a snapshot holds anew compared with the previous one.
std::uint64_t new_bytes_under(const std::filesystem::path& tree, const std::filesystem::path& before);

// A manifest's time ("2026-11-25T04:00:05.123Z", UTC with milliseconds).
std::chrono::system_clock::time_point manifest_time(const std::string& text);

// Writes `count` files of `size` bytes of pseudo-random data under `directory`.
void write_filler(const std::filesystem::path& directory, int count, std::size_t size);

// The file where the kernel says whether `container`'s processes are frozen: freezer.state
// (cgroup v1) or cgroup.events (v2), for Docker's usual cgroup drivers; empty when none is
// found. Read in microseconds, where `docker inspect` takes tens of milliseconds, and it sees
// the freeze a backup makes through the cgroup, which Docker does not.
std::filesystem::path freezer_state_file(const std::string& container);
bool frozen(const std::filesystem::path& state_file);

}  // namespace girofle::testing
