// Acceptance: secrets stay sealed through a whole scenario (commission, stop backup pushed to
// a remote with the password in RESTIC_PASSWORD, restore, decommission with its final
// backup). No child process (rsync, restic, ssh, git) has a secret in its environment or
// arguments while it runs; no log holds one; no file readable by others holds one; the root
// is 0750.
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

// A process may end while it is read (ESRCH): what was read so far, or nothing.
std::string read_proc(const std::filesystem::path& path) {
    try {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    } catch (const std::exception&) {
        return "";
    }
}

// Environment and arguments of every process but girofle itself (which the test starts with
// the password), sampled while `work` runs.
struct ChildSamples {
    std::set<std::string> programs_seen;  // comm of every process sampled
    std::vector<std::string> leaks;       // "rsync (pid N): environ", ...
};
ChildSamples sample_children_during(const std::vector<std::string>& secrets, const std::function<void()>& work) {
    ChildSamples samples;
    std::atomic<bool> done = false;
    const auto girofle = std::filesystem::canonical(GIROFLE_BINARY);
    std::thread sampler([&] {
        while (!done) {
            std::error_code error;
            for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
                const auto pid = entry.path().filename().string();
                if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
                std::error_code ignored;
                if (std::filesystem::read_symlink(entry.path() / "exe", ignored) == girofle) continue;
                std::string comm = read_proc(entry.path() / "comm");
                if (!comm.empty() && comm.back() == '\n') comm.pop_back();
                samples.programs_seen.insert(comm);
                for (const char* part : {"environ", "cmdline"}) {
                    const std::string text = read_proc(entry.path() / part);
                    for (const auto& secret : secrets)
                        if (text.find(secret) != std::string::npos)
                            samples.leaks.push_back(comm + " (pid " + pid + "): " + part);
                }
            }
        }
    });
    work();
    done = true;
    sampler.join();
    return samples;
}

class SecretsSealed : public RemoteTest {};

TEST_F(SecretsSealed, NeverInChildrenLogsOrFilesOthersCanRead) {
    const std::string restic_password = password();
    // Girofle creates the root itself here, as on a new host (the fixture made an empty one).
    std::filesystem::remove(root());
    auto record = commission({"--name", "wiki", "--ip", "127.0.7.31"});
    ASSERT_FALSE(record.empty());
    write_file(root() / "girofle.json", nlohmann::json{{"remote", {{"repository", local_repository().string()}}}}.dump());
    const std::filesystem::path directory = record["directory"].get<std::string>();
    write_filler(directory / "mapping-volumes/data/filler", 200, 64 * 1024);
    const std::string root_password = initial_root_password(directory);
    std::smatch match;
    const std::string secrets_file = read_file(directory / "mapping-volumes/config/gitlab-secrets.json");
    ASSERT_TRUE(std::regex_search(secrets_file, match, std::regex(R"re("secret_key_base": "([0-9a-f]+)")re")));
    const std::vector<std::string> secrets = {restic_password, root_password, match[1]};
    ASSERT_FALSE(root_password.empty());

    const std::map<std::string, std::string> with_password = {{"RESTIC_PASSWORD", restic_password}};
    CommandResult pushed;
    auto samples = sample_children_during(secrets, [&] {
        pushed = run_girofle(root(), {"backup", "wiki", "--strategy", "stop", "--remote"}, with_password);
    });
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    EXPECT_TRUE(samples.programs_seen.contains("rsync")) << "the sampler never saw rsync";
    EXPECT_TRUE(samples.programs_seen.contains("restic")) << "the sampler never saw restic";
    EXPECT_EQ(samples.leaks, std::vector<std::string>{});

    ASSERT_EQ(girofle({"restore", "wiki"}).status, 0);
    auto decommissioned = girofle({"decommission", "wiki"});
    ASSERT_EQ(decommissioned.status, 0) << decommissioned.err;
    for (const auto& secret : secrets) {
        EXPECT_EQ(pushed.err.find(secret), std::string::npos);
        EXPECT_EQ(decommissioned.err.find(secret), std::string::npos);
    }

    struct stat info {};
    ASSERT_EQ(::stat(root().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0750u) << "the root holds GitLab's secrets";
    std::string listing;
    std::vector<std::string> exposed;
    for (const auto& top : {root(), test_cron_directory(root())}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(top)) {
            ::lstat(entry.path().c_str(), &info);
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", info.st_mode & 07777);
            listing += std::string(mode) + " " + entry.path().string() + "\n";
            if (!S_ISREG(info.st_mode)) continue;
            const std::string content = read_file(entry.path());
            const bool in_logs = entry.path().string().starts_with((root() / "logs").string());
            for (const auto& secret : secrets) {
                if (content.find(secret) == std::string::npos) continue;
                if (in_logs || (info.st_mode & 0004) != 0 || top != root())
                    exposed.push_back(std::string(mode) + " " + entry.path().string());
            }
        }
    }
    EXPECT_EQ(exposed, std::vector<std::string>{}) << listing;
    RecordProperty("files_listed", static_cast<int>(std::count(listing.begin(), listing.end(), '\n')));
}

}  // namespace
}  // namespace girofle::testing
