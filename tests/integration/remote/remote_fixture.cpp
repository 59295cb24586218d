#include "integration/remote/remote_fixture.hpp"

#include <sys/stat.h>

#include <random>
#include <sstream>

#include "support/required_programs.hpp"

namespace girofle::testing {

void RemoteTest::SetUp() {
    GitlabTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    GIROFLE_REQUIRE_PROGRAMS("restic", "/usr/sbin/sshd", "ssh", "ssh-keygen");
    std::random_device random;
    std::ostringstream text;
    text << "girofle-test-secret-" << std::hex << random() << random() << random();
    password_ = text.str();
    write_file(password_file(), password_ + "\n");
    ::chmod(password_file().c_str(), 0600);
    sftp_.emplace(scratch() / "sftp");
    std::filesystem::create_directories(root_b());
}

void RemoteTest::TearDown() {
    destroy_root(root_b());
    GitlabTest::TearDown();
}

void RemoteTest::configure(const std::filesystem::path& root, const std::string& repository,
                           const std::filesystem::path& password_file, const std::string& sftp_command) const {
    nlohmann::json remote = {{"password_file", password_file.string()},
                             {"options", {sftp_command.empty() ? sftp_->sftp_command() : sftp_command}}};
    if (!repository.empty()) remote["repository"] = repository;
    std::filesystem::create_directories(root);
    write_file(root / "girofle.json", nlohmann::json{{"remote", remote}}.dump(2));
}

std::string RemoteTest::commission_with_repository(const std::string& ip) {
    auto record = commission({"--name", "wiki", "--ip", ip});
    if (record.empty()) return "";
    std::string password = initial_root_password(record["directory"].get<std::string>());
    make_repository(scratch() / "source");
    const std::string url = "http://" + ip + "/team/project.git";
    EXPECT_EQ(git_with_password({"push", "-q", url, "main"}, password, scratch() / "source").status, 0);
    EXPECT_EQ(git_with_password({"push", "-q", url, "--all"}, password, scratch() / "source").status, 0);
    EXPECT_EQ(git_with_password({"push", "-q", url, "--tags"}, password, scratch() / "source").status, 0);
    return password;
}

std::string RemoteTest::served_refs(const std::string& ip, const std::string& password, const std::string& name) {
    auto mirror = scratch() / name;
    auto cloned = git_with_password({"clone", "-q", "--mirror", "http://" + ip + "/team/project.git", mirror.string()}, password);
    EXPECT_EQ(cloned.status, 0) << cloned.err;
    EXPECT_EQ(run_command({"git", "fsck", "--strict", "--no-dangling"}, {}, mirror).status, 0);
    return refs_of(mirror);
}

std::string RemoteTest::root_listing(const std::filesystem::path& root) {
    std::error_code missing;
    if (!std::filesystem::exists(root, missing)) return "(no root)\n";
    std::string listing;
    std::istringstream lines(ownership_listing(root));
    for (std::string line; std::getline(lines, line);)
        if (!line.starts_with("logs") && !line.starts_with("metrics") && !line.starts_with("girofle.json") &&
            line.find("mapping-volumes/log/") == std::string::npos)
            listing += line + "\n";
    return listing;
}

std::uintmax_t RemoteTest::directory_bytes(const std::filesystem::path& directory) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
        if (entry.is_regular_file()) bytes += entry.file_size();
    return bytes;
}

void RemoteTest::destroy_root(const std::filesystem::path& root) {
    auto listed = run_command({"docker", "ps", "-a", "--format", "{{.Names}}", "--filter", "label=io.girofle.root=" + root.string()});
    std::istringstream names(listed.out);
    for (std::string name; std::getline(names, name);)
        if (!name.empty()) run_command({"docker", "rm", "-f", name});
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
}

}  // namespace girofle::testing
