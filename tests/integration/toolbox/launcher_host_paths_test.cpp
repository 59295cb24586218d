// What the launcher gives the toolbox, proven through launcher/girofle and the toolbox image of
// this build (this executable is built with GIROFLE_TESTS_THROUGH_LAUNCHER): the directory of
// the original restore form outside the root, the host's time zone for schedules and the cron
// line, the configuration directory holding the restic password file and the SSH key, a local
// restic repository named by girofle.json, and roots whose path holds a space, a colon, a
// comma and a double quote.
#include <sys/stat.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "integration/remote/remote_fixture.hpp"

namespace girofle::testing {
namespace {

// Sets TMPDIR, for the fixture's root made right after it, to a directory whose name holds
// the characters `docker run -v` and --mount values trip on.
class AwkwardTmpdir {
protected:
    AwkwardTmpdir() {
        const char* base = std::getenv("TMPDIR");
        original_ = base && *base ? base : "/tmp";
        awkward_ = original_ + "/girofle launcher:roots,\"quoted\"";
        std::filesystem::create_directories(awkward_);
        ::setenv("TMPDIR", awkward_.c_str(), 1);
    }
    ~AwkwardTmpdir() { ::setenv("TMPDIR", original_.c_str(), 1); }

private:
    std::string original_, awkward_;
};

class ThroughLauncher : private AwkwardTmpdir, public GitlabTest {};

TEST_F(ThroughLauncher, ARootWithASpaceAColonACommaAndAQuoteIsCreatedClosedAndUsed) {
    ASSERT_NE(root().string().find(" "), std::string::npos);
    ASSERT_NE(root().string().find(":"), std::string::npos);
    const auto fresh = root() / "fresh";
    auto doctor = run_girofle(fresh, {"--json", "doctor"});
    EXPECT_TRUE(std::filesystem::is_directory(fresh)) << doctor.err;
    struct stat info {};
    ASSERT_EQ(::stat(fresh.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0750u) << "the launcher creates a root as girofle and the bootstrap do";
    const nlohmann::json report = nlohmann::json::parse(doctor.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << doctor.out << doctor.err;
    std::string root_finding;
    for (const auto& finding : report["findings"])
        if (finding["check"] == "root") root_finding = finding["detail"];
    EXPECT_EQ(root_finding, fresh.string() + ", owner 0, mode 0750")
        << "doctor in the toolbox sees the root at the host's path: " << report.dump(2);

    auto record = commission({"--name", "odd", "--ip", "127.0.6.21", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    EXPECT_EQ(record["directory"], (root() / "noeud-gitlab-1").string());
    write_file(root() / "noeud-gitlab-1/mapping-volumes/data/marker", "before");
    backup("odd");
    auto listed = girofle({"--json", "list"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_FALSE(listed.json()["instances"][0]["last_backup"].is_null()) << listed.out;
    ASSERT_EQ(girofle({"decommission", "odd", "--no-backup"}).status, 0);
    EXPECT_EQ(containers_of_root(), std::vector<std::string>{});
}

TEST_F(ThroughLauncher, TheOriginalRestoreFormReadsADirectoryOutsideTheRoot) {
    auto record = commission({"--name", "old", "--ip", "127.0.6.22", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    const auto instance = root() / "noeud-gitlab-1";
    write_file(instance / "mapping-volumes/data/marker", "as backed up");
    backup("old");
    // The instance directory as an operator copied it elsewhere (the original's layout).
    const auto elsewhere = scratch() / "copied by hand, 2026";
    ASSERT_EQ(run_command({"cp", "-a", instance.string(), elsewhere.string()}).status, 0);
    write_file(instance / "mapping-volumes/data/marker", "changed later");

    auto restored = girofle({"restore", "noeud-gitlab-1-old", elsewhere.string()});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(read_file(instance / "mapping-volumes/data/marker"), "as backed up");
    auto status = girofle({"--json", "status", "old"});
    EXPECT_EQ(status.json()["live_state"], "running (healthy)") << status.out;

    // A relative DIRECTORY means the caller's working directory, as natively.
    write_file(instance / "mapping-volumes/data/marker", "changed again");
    const std::vector<std::string> relative = {
        std::string(GIROFLE_SOURCE_DIR) + "/launcher/girofle", "--root", root().string(), "restore",
        "noeud-gitlab-1-old", elsewhere.filename().string()};
    auto from_relative = run_command(relative, {{"GIROFLE_CRON_DIR", test_cron_directory(root()).string()},
                                                {"GIROFLE_ENVIRONMENT_FILE", "/nonexistent"},
                                                {"GIROFLE_CONFIG_DIR", test_config_directory(root()).string()}},
                                     scratch());
    ASSERT_EQ(from_relative.status, 0) << from_relative.err;
    EXPECT_EQ(read_file(instance / "mapping-volumes/data/marker"), "as backed up");
}

// The command of a cron.d file's only entry, "\%" read as "%".
std::string cron_command(const std::filesystem::path& file) {
    std::istringstream lines(read_file(file));
    std::smatch parts;
    for (std::string line; std::getline(lines, line);)
        if (std::regex_match(line, parts, std::regex(R"((\S+ ){5}\S+ (.*))")) && line.front() != '#')
            return std::regex_replace(std::string(parts[2]), std::regex(R"(\\%)"), "%");
    return "";
}

// `date` with TZ: what a wall clock in that zone shows at `rfc3339`.
std::string wall_clock(const std::string& zone, const std::string& rfc3339, const std::string& format) {
    auto shown = run_command({"date", "-d", rfc3339, format}, {{"TZ", zone}});
    return shown.out.substr(0, shown.out.find('\n'));
}

TEST_F(ThroughLauncher, ScheduleAndTheCronLineRunInTheHostsTimeZone) {
    const std::map<std::string, std::string> paris = {{"TZ", "Europe/Paris"}};
    auto record = commission({"--name", "tz", "--ip", "127.0.6.23", "--schedule", "30 2 * * *"});
    ASSERT_FALSE(record.empty());
    auto shown = girofle({"--json", "schedule", "show"}, paris);
    ASSERT_EQ(shown.status, 0) << shown.err;
    const std::string next_run = shown.json()["schedules"][0]["next_run"];
    EXPECT_EQ(wall_clock("Europe/Paris", next_run, "+%H:%M"), "02:30")
        << next_run << " is not 02:30 in Paris: the toolbox computed in another zone";
    const std::string in_a_day = wall_clock("UTC", "now + 1 day", "+%Y-%m-%dT%H:%M:%SZ");
    EXPECT_LE(next_run, in_a_day) << "the next run of a daily line is within a day";
    auto table = girofle({"schedule", "show"}, paris);
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_TRUE(std::regex_search(table.out, std::regex(" 02:30 CES?T "))) << table.out;

    // The cron line as cron runs it on a host whose zone is Paris: the file's variables, HOME,
    // LOGNAME and TZ as the whole environment, no terminal.
    // Named as schedule show says (the name may carry a tag of the root).
    const std::filesystem::path file = shown.json()["schedules"][0]["file"].get<std::string>();
    const std::string command = cron_command(file);
    ASSERT_FALSE(command.empty()) << read_file(file);
    auto fired = run_command({"setsid", "env", "-i", "HOME=/root", "LOGNAME=root", "TZ=Europe/Paris", "SHELL=/bin/sh",
                              "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "/bin/sh", "-c",
                              command});
    ASSERT_EQ(fired.status, 0) << fired.err << read_file(root() / "logs/cron.log");
    EXPECT_EQ(backup_ids("tz").size(), 1u) << read_file(root() / "logs/cron.log");
}

class ConfigDirectoryRemote : public RemoteTest {
protected:
    std::filesystem::path config() const { return test_config_directory(root()); }
};

TEST_F(ConfigDirectoryRemote, PushAndRestoreOnASecondRootWithThePasswordFileAndKeyInTheConfigDirectory) {
    ASSERT_EQ(config(), test_config_directory(root_b())) << "both roots share one host's configuration";
    // The password file and the SSH key where the README puts them: /etc/girofle, here the
    // test's own, mounted read only by the launcher.
    const auto password = config() / "restic-password";
    write_file(password, this->password() + "\n");
    ::chmod(password.c_str(), 0600);
    sftp_.emplace(config() / "ssh");
    configure(root(), sftp_repository(), password);
    const std::string git_password = commission_with_repository("127.0.6.24");
    ASSERT_FALSE(git_password.empty());
    const std::string refs = served_refs("127.0.6.24", git_password, "before");

    auto pushed = girofle({"--json", "backup", "wiki", "--remote"});
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    const std::string id = pushed.json()["manifest"]["id"];
    destroy_root(root());

    configure(root_b(), "", password);
    auto restored = girofle_b({"--json", "restore", "--from-remote", sftp_repository(), "--ip", "127.0.6.24"});
    ASSERT_EQ(restored.status, 0) << restored.err;
    EXPECT_EQ(restored.json()["backup"], id);
    EXPECT_EQ(served_refs("127.0.6.24", git_password, "after"), refs);
}

TEST_F(ConfigDirectoryRemote, ALocalRepositoryNamedByTheSettingsIsWrittenOnTheHost) {
    const auto password = config() / "restic-password";
    write_file(password, this->password() + "\n");
    ::chmod(password.c_str(), 0600);
    // Outside the root and the configuration directory, and not created yet (restic does).
    const auto repository = scratch() / "usb disk" / "restic";
    configure(root(), repository.string(), password);
    auto record = commission({"--name", "usb", "--ip", "127.0.6.25", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    auto pushed = girofle({"--json", "backup", "usb", "--remote"});
    ASSERT_EQ(pushed.status, 0) << pushed.err;
    EXPECT_TRUE(std::filesystem::is_regular_file(repository / "config")) << "restic wrote its repository elsewhere";
    auto listed = girofle({"--json", "remote", "list"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.json()["snapshots"].size(), 1u) << listed.out;
    auto checked = girofle({"remote", "check", "--location", repository.string()});
    EXPECT_EQ(checked.status, 0) << checked.err;
}

}  // namespace
}  // namespace girofle::testing
