#include "integration/gitlab_fixture.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <random>
#include <regex>
#include <cstring>
#include <sstream>

namespace girofle::testing {

void GitlabTest::SetUp() {
    GIROFLE_REQUIRE_DOCKER();
    for (const char* image : {kStandinImage, kNeverReadyImage, kUnhealthyImage}) {
        if (run_command({"docker", "image", "inspect", image}).status == 0) continue;
        std::string reason = std::string("image ") + image + " is missing: run tests/substrate/prepare";
        if (std::getenv("CI")) FAIL() << reason;
        GTEST_SKIP() << reason;
    }
    remove_containers_of_earlier_test_roots();
    std::filesystem::create_directories(root());
}

void GitlabTest::remove_containers_of_earlier_test_roots() const {
    // Integration tests run one at a time, so any container of another test root is a
    // leftover of a run that was killed; it would hold a name or an address.
    const std::string prefix = dir_.path().parent_path().string() + "/girofle-it-";
    auto listed = run_command({"docker", "ps", "-a", "--filter", "label=io.girofle.root",
                               "--format", "{{.Names}} {{.Label \"io.girofle.root\"}}"});
    std::istringstream lines(listed.out);
    for (std::string name, owner; lines >> name >> owner;)
        if (owner.starts_with(prefix) && !owner.starts_with(dir_.path().string()))
            run_command({"docker", "rm", "-f", name});
}

void GitlabTest::TearDown() {
    for (const auto& name : containers_of_root()) run_command({"docker", "rm", "-f", name});
}

std::vector<std::string> GitlabTest::containers_of_root() const {
    auto listed = run_command({"docker", "ps", "-a", "--format", "{{.Names}}", "--filter",
                               "label=io.girofle.root=" + root().string()});
    std::vector<std::string> names;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) names.push_back(line);
    std::sort(names.begin(), names.end());
    return names;
}

nlohmann::json GitlabTest::commission(const std::vector<std::string>& extra_args) {
    std::vector<std::string> args = {"--json", "commission", "--image", kStandinImage, "--timeout", "120"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto result = girofle(args);
    EXPECT_EQ(result.status, 0) << describe(args) << "\n" << result.err;
    if (result.status != 0) return nlohmann::json::object();
    return result.json();
}

nlohmann::json GitlabTest::backup(const std::string& instance, const std::vector<std::string>& extra_args) {
    std::vector<std::string> args = {"--json", "backup", instance};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto result = girofle(args);
    EXPECT_EQ(result.status, 0) << describe(args) << "\n" << result.err;
    if (result.status != 0) return nlohmann::json::object();
    return result.json()["manifest"];
}

std::vector<std::string> GitlabTest::backup_ids(const std::string& instance) const {
    auto result = girofle({"--json", "backups", instance});
    std::vector<std::string> ids;
    if (result.status != 0) return ids;
    const nlohmann::json listing = result.json();  // kept alive for the loop
    for (const auto& entry : listing["backups"]) ids.push_back(entry["id"]);
    return ids;
}

void GitlabTest::write_root_config(const nlohmann::json& config) {
    write_file(root() / "girofle.json", config.dump(2));
}

std::string GitlabTest::observable_state() const {
    // Health is left out: Docker keeps checking it on its own, and a check that failed while
    // GitLab was paused flips it for a moment without anyone changing anything.
    auto listed = girofle({"--json", "list", "--all"});
    if (listed.status != 0) return "list failed: " + listed.err;
    nlohmann::json listing = listed.json();
    for (auto& instance : listing["instances"]) {
        instance.erase("health");
        instance.erase("live_state");
    }
    std::string state = listing.dump(1);
    for (const auto& name : containers_of_root()) state += "container " + name + "\n";
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root())) {
        auto relative = std::filesystem::relative(entry.path(), root()).string();
        if (relative.starts_with("logs")) continue;
        // A running GitLab's database rewrites its own files (relation cache, statistics,
        // WAL) whatever Girofle does; its snapshots' copies stay listed.
        if (relative.find("/mapping-volumes/data/postgresql/") != std::string::npos) continue;
        files.push_back(relative);
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) state += file + "\n";
    const auto cron = test_cron_directory(root());
    if (std::filesystem::exists(cron))
        for (const auto& entry : std::filesystem::directory_iterator(cron))
            state += "cron " + entry.path().filename().string() + " " + read_file(entry.path()) + "\n";
    return state;
}

std::string initial_root_password(const std::filesystem::path& instance_directory) {
    std::string content = read_file(instance_directory / "mapping-volumes/config/initial_root_password");
    std::smatch match;
    if (!std::regex_search(content, match, std::regex(R"(Password: (\S+))"))) return "";
    return match[1];
}

CommandResult git_with_password(const std::vector<std::string>& args, const std::string& password,
                                const std::filesystem::path& directory) {
    std::vector<std::string> argv = {
        "git", "-c", "credential.helper=",
        "-c", "credential.helper=!f() { echo username=root; echo \"password=$GIROFLE_TEST_GIT_PASSWORD\"; }; f"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, {{"GIROFLE_TEST_GIT_PASSWORD", password}, {"GIT_TERMINAL_PROMPT", "0"}},
                       directory);
}

void make_repository(const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    auto git = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=test@girofle.invalid"});
        auto result = run_command(args, {}, directory);
        ASSERT_EQ(result.status, 0) << describe(args) << ": " << result.err;
    };
    git({"init", "-q", "-b", "main"});
    for (int i = 1; i <= 3; ++i) {
        write_file(directory / ("file-" + std::to_string(i) + ".txt"), "content " + std::to_string(i) + "\n");
        git({"add", "-A"});
        git({"commit", "-q", "-m", "commit " + std::to_string(i)});
    }
    git({"branch", "feature"});
    write_file(directory / "binary.bin", std::string("\x00\x01\xff\xfe", 4) + std::string(100000, 'z'));
    git({"add", "-A"});
    git({"commit", "-q", "-m", "binary"});
    git({"tag", "v1"});
}

std::string refs_of(const std::filesystem::path& repository) {
    return run_command({"git", "for-each-ref", "--format=%(refname) %(objectname)"}, {}, repository).out;
}

CommandResult http_get(const std::string& url) {
    return run_command({"curl", "-sS", "-m", "10", "-o", "-", url});
}

}  // namespace girofle::testing

namespace girofle::testing {

std::string ownership_listing(const std::filesystem::path& directory) {
    std::vector<std::string> lines;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        struct stat info {};
        ::lstat(entry.path().c_str(), &info);
        std::ostringstream line;
        line << std::filesystem::relative(entry.path(), directory).string() << " " << info.st_uid << ":"
             << info.st_gid << " " << std::oct << (info.st_mode & 07777) << std::dec << " "
             << (S_ISREG(info.st_mode) ? info.st_size : 0);
        lines.push_back(line.str());
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

std::string commit_and_push(const std::filesystem::path& repository, const std::string& url,
                            const std::string& password, const std::string& branch, const std::string& file) {
    write_file(repository / file, "content of " + file + "\n");
    auto git = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=test@girofle.invalid"});
        return run_command(args, {}, repository);
    };
    git({"add", "-A"});
    git({"commit", "-q", "-m", "add " + file});
    auto pushed = git_with_password({"push", "-q", url, "HEAD:refs/heads/" + branch}, password, repository);
    if (pushed.status != 0) return "";
    auto head = git({"rev-parse", "HEAD"}).out;
    return head.substr(0, head.find('\n'));
}

void write_filler(const std::filesystem::path& directory, int count, std::size_t size) {
    std::mt19937_64 random(42);
    std::string block(size, '\0');
    for (int i = 0; i < count; ++i) {
        for (std::size_t j = 0; j + 8 <= size; j += 8) {
            std::uint64_t value = random();
            std::memcpy(&block[j], &value, 8);
        }
        write_file(directory / ("dir-" + std::to_string(i % 50)) / ("file-" + std::to_string(i)), block);
    }
}

std::chrono::system_clock::time_point manifest_time(const std::string& text) {
    std::tm utc{};
    ::strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &utc);
    return std::chrono::system_clock::from_time_t(::timegm(&utc)) + std::chrono::milliseconds(std::stoi(text.substr(20, 3)));
}

// Disk taken by the files under `tree` that are not hard links to the same file under `before`.
std::uint64_t new_bytes_under(const std::filesystem::path& tree, const std::filesystem::path& before) {
    std::uint64_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tree)) {
        struct stat now {}, then {};
        if (::lstat(entry.path().c_str(), &now) != 0 || !S_ISREG(now.st_mode)) continue;
        const auto previous = before / entry.path().lexically_relative(tree);
        if (::lstat(previous.c_str(), &then) == 0 && then.st_ino == now.st_ino) continue;
        bytes += static_cast<std::uint64_t>(now.st_blocks) * 512;
    }
    return bytes;
}

std::filesystem::path freezer_state_file(const std::string& container) {
    const std::string id = run_command({"docker", "inspect", "-f", "{{.Id}}", container}).out.substr(0, 64);
    for (const std::string& candidate :
         {"/sys/fs/cgroup/freezer/docker/" + id + "/freezer.state",                      // v1, cgroupfs driver
          "/sys/fs/cgroup/freezer/system.slice/docker-" + id + ".scope/freezer.state",  // v1, systemd
          "/sys/fs/cgroup/docker/" + id + "/cgroup.events",                              // v2, cgroupfs driver
          "/sys/fs/cgroup/system.slice/docker-" + id + ".scope/cgroup.events"})          // v2, systemd
        if (std::filesystem::exists(candidate)) return candidate;
    return {};
}

bool frozen(const std::filesystem::path& state_file) {
    const std::string state = read_file(state_file);
    return state.starts_with("FROZEN") || state.starts_with("FREEZING") || state.find("frozen 1") != std::string::npos;
}

}  // namespace girofle::testing
