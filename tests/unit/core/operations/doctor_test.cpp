#include "core/operations/doctor.hpp"

#include <sys/stat.h>

#include "core/backup/snapshot_id.hpp"
#include "core/drill/drill_report.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/interrupted_operation.hpp"
#include "core/schedule/schedule_file.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"
#include "unit/fakes/fake_container_freezer.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

class DoctorTest : public testing::LifecycleFixture {
protected:
    std::vector<Finding> examine(bool cron_running = true) {
        auto services = this->services();
        return run_doctor(services, {.cron_running = [cron_running] { return Result<bool>(cron_running); }});
    }
    // A copy: `find(examine(), ...)` must not point into the vector it was given, which dies
    // with the statement (a pointer read garbage in later checks).
    static std::optional<Finding> find(const std::vector<Finding>& findings, const std::string& check) {
        for (const auto& finding : findings)
            if (finding.check == check) return finding;
        return std::nullopt;
    }
    static int problems(const std::vector<Finding>& findings) {
        return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                              [](const Finding& f) { return f.verdict == Verdict::problem; }));
    }
    // How a fix line runs Girofle on this test's root, which is not the default one.
    std::string girofle() { return "girofle --root '" + root().string() + "' "; }
    void commission_backed_up_instance() {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
        ASSERT_TRUE(inventory.modify(1, [&](InstanceRecord& record) { record.last_backup = snapshot_id_for(clock.now()); }));
    }
};

TEST_F(DoctorTest, AHealthyHostHasNoProblem) {
    commission_backed_up_instance();
    auto findings = examine();
    for (const auto& finding : findings)
        EXPECT_NE(finding.verdict, Verdict::problem) << finding.check << ": " << finding.detail;
    for (const char* check : {"docker", "root", "space", "addresses", "port 22", "cron", "running", "schedule", "backup"})
        EXPECT_TRUE(find(findings, check)) << check;
    EXPECT_NE(find(findings, "addresses")->detail.find("eth0 192.0.2.10"), std::string::npos);
}

TEST_F(DoctorTest, EachProblemComesWithTheCommandThatFixesIt) {
    commission_backed_up_instance();
    docker.failures["version"] = Error{ErrorKind::unavailable, "Docker socket /var/run/docker.sock", "no engine answers"};
    network.listening = {{"0.0.0.0", 22}};
    std::filesystem::remove(cron.directory / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-1"));
    ::chmod(root().c_str(), 0755);
    clock.wall += 9h;  // two four-hourly runs missed

    auto findings = examine(/*cron_running=*/false);
    EXPECT_EQ(problems(findings), 6);
    EXPECT_EQ(find(findings, "docker")->verdict, Verdict::problem);
    EXPECT_NE(find(findings, "docker")->detail.find("no engine answers"), std::string::npos);
    EXPECT_EQ(find(findings, "root")->fix, "chmod o-rwx '" + root().string() + "'");
    EXPECT_NE(find(findings, "port 22")->fix.find("ListenAddress"), std::string::npos);
    EXPECT_NE(find(findings, "cron")->fix.find("systemctl enable --now cron"), std::string::npos);
    EXPECT_EQ(find(findings, "schedule")->fix, girofle() + "schedule set 1 '0 */4 * * *'");
    EXPECT_NE(find(findings, "schedule")->detail.find("is missing"), std::string::npos);
    EXPECT_EQ(find(findings, "backup")->fix, girofle() + "backup 1");
    EXPECT_NE(find(findings, "backup")->detail.find("missed the run due"), std::string::npos);
}

TEST_F(DoctorTest, ANewInstanceIsNotLateBeforeItsFirstScheduledRun) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {}));
    EXPECT_EQ(find(examine(), "backup")->verdict, Verdict::ok);
    clock.wall += 6h;
    auto late = find(examine(), "backup");
    EXPECT_EQ(late->verdict, Verdict::problem);
    EXPECT_NE(late->detail.find("never backed up"), std::string::npos);
}

TEST_F(DoctorTest, AnInstanceWithNoDrillPassedInFourteenDaysIsAProblem) {
    commission_backed_up_instance();
    EXPECT_EQ(find(examine(), "drill")->verdict, Verdict::ok) << "a new instance has 14 days for its first";
    auto drilled_now = [&](bool passed) {
        const auto snapshot = RootLayout(root()).backups(1) / snapshot_id_for(clock.now());
        std::filesystem::create_directories(snapshot);
        ASSERT_TRUE(write_drill_report(snapshot, {snapshot.filename().string(), rfc3339_utc(clock.now()), 1000,
                                                  {{"database recovered", passed, ""}}}));
    };
    clock.wall += std::chrono::days(15);
    auto missing = find(examine(), "drill");
    EXPECT_EQ(missing->verdict, Verdict::problem);
    EXPECT_EQ(missing->fix, girofle() + "drill 1");
    EXPECT_NE(missing->detail.find("none ever passed"), std::string::npos) << missing->detail;
    drilled_now(false);
    EXPECT_EQ(find(examine(), "drill")->verdict, Verdict::problem) << "a failed drill proves nothing";
    drilled_now(true);
    EXPECT_EQ(find(examine(), "drill")->verdict, Verdict::ok);
    clock.wall += std::chrono::hours(4);
    drilled_now(false);  // a newer snapshot that did not come back whole
    auto failed = find(examine(), "drill");
    EXPECT_EQ(failed->verdict, Verdict::problem);
    EXPECT_NE(failed->detail.find("failed: database recovered"), std::string::npos) << failed->detail;
    drilled_now(true);
    clock.wall += std::chrono::days(15);
    EXPECT_NE(find(examine(), "drill")->detail.find("last passed"), std::string::npos);
}

TEST_F(DoctorTest, AScheduledRootWithoutItsDoctorRunIsWarnedWithTheCommandThatWritesIt) {
    EXPECT_EQ(find(examine(), "doctor run")->detail, "none (no instance has a backup schedule)");
    commission_backed_up_instance();
    EXPECT_EQ(find(examine(), "doctor run")->verdict, Verdict::ok);
    std::filesystem::remove(cron.directory / ("girofle-" + RootLayout(root()).host_tag() + "-doctor"));
    const auto findings = examine();
    const auto missing = find(findings, "doctor run");
    EXPECT_EQ(missing->verdict, Verdict::warning);
    EXPECT_EQ(missing->fix, girofle() + "schedule set 1 '0 */4 * * *'");
    auto record = inventory.list()->front();
    ASSERT_TRUE(apply_schedule_file(cron, RootLayout(root()), record));
    EXPECT_EQ(find(examine(), "doctor run")->verdict, Verdict::ok);
}

TEST_F(DoctorTest, AGitlabItsOperatorPausedIsAProblemFixLeavesAlone) {
    commission_backed_up_instance();
    ASSERT_TRUE(docker.pause_container("noeud-gitlab-1-wiki"));  // no journal: not Girofle's doing
    auto findings = examine();
    const auto running = find(findings, "running");
    ASSERT_TRUE(running);
    EXPECT_EQ(running->verdict, Verdict::problem);
    EXPECT_EQ(running->detail,
              "instance 1 (noeud-gitlab-1-wiki): GitLab is paused (docker pause), not by Girofle "
              "(Girofle leaves it so: backups are cold copies meanwhile)");
    EXPECT_EQ(running->fix, "docker unpause noeud-gitlab-1-wiki");
    auto services = this->services();
    EXPECT_TRUE(repair_interrupted_operations(services).empty());
    EXPECT_TRUE(docker.inspect_container("noeud-gitlab-1-wiki")->paused)
        << "doctor --fix leaves its operator's pause";
}

TEST_F(DoctorTest, WithoutInstancesAStoppedCronIsOnlyAWarning) {
    auto findings = examine(/*cron_running=*/false);
    EXPECT_EQ(find(findings, "cron")->verdict, Verdict::warning);
    EXPECT_EQ(find(findings, "root")->verdict, Verdict::warning) << "the root does not exist yet";
    EXPECT_FALSE(std::filesystem::exists(root() / "inventory")) << "doctor changes nothing";
    EXPECT_EQ(problems(findings), 0);
}

TEST_F(DoctorTest, AGitlabAKilledBackupLeftFrozenIsAProblemThatFixThaws) {
    commission_backed_up_instance();
    testing::FakeContainerFreezer freezer;
    auto services = Services{docker, inventory, network, processes, clock, reporter, RootLayout(root()), config, cron,
                             no_filesystem_snapshots(), freezer};
    // What a backup killed inside its window leaves: its journal, and a freeze Docker does not see.
    ASSERT_TRUE(
        write_journal(services, 1, {.operation = "backup --strategy freeze", .paused = true}));
    freezer.is_frozen = true;
    auto findings = run_doctor(services, {.cron_running = [] { return Result<bool>(true); }});
    const auto running = find(findings, "running");
    ASSERT_TRUE(running);
    EXPECT_EQ(running->verdict, Verdict::problem);
    EXPECT_EQ(running->detail, "instance 1 (noeud-gitlab-1-wiki): an interrupted Girofle operation left GitLab frozen "
                               "(the cgroup v2 freezer at /fake/cgroup)");
    EXPECT_EQ(running->fix, girofle() + "doctor --fix");
    EXPECT_NE(find(findings, "snapshot method")->detail.find("; paused with the cgroup v2 freezer at /fake/cgroup"),
              std::string::npos);

    {
        // A backup inside its window holds the instance's lock: its freeze is no problem.
        auto backup_lock = inventory.lock(1, "backup");
        ASSERT_TRUE(backup_lock);
        findings = run_doctor(services, {.cron_running = [] { return Result<bool>(true); }});
        EXPECT_EQ(find(findings, "running")->verdict, Verdict::ok);
        EXPECT_NE(find(findings, "running")->detail.find("running while backup (pid "), std::string::npos)
            << find(findings, "running")->detail;
    }
    EXPECT_TRUE(repair_interrupted_operations(services).empty());
    EXPECT_FALSE(freezer.is_frozen);
}

}  // namespace
}  // namespace girofle
