// Issue 10: every step of an in-place restore and of a decommission undoes itself. A failure
// injected at each step (disk full while copying, Docker refusing to create or start the
// container, a readiness timeout, the inventory refusing the write) leaves the instance as it
// was: the same volumes byte for byte, a container of the same spec running, the same record.
// (SIGKILL at random steps: tests/integration/backup/kill_trials_test.cpp.)
#include <fstream>
#include <functional>
#include <set>

#include "core/operations/backup.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/decommission.hpp"
#include "core/operations/restore.hpp"
#include "support/temp_dir.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"

namespace girofle {
namespace {

// rsync into a restore's incoming copy writes, then fails as a full disk makes it fail.
class DiskFillingRunner final : public ProcessRunner {
public:
    explicit DiskFillingRunner(ProcessRunner& real) : real_(real) {}
    bool armed = false;
    Result<ProcessResult> run(const ProcessRequest& request) override {
        auto result = real_.run(request);
        const bool copy_in = !request.argv.empty() && request.argv.front() == "rsync" &&
                             request.argv.back().find("mapping-volumes.restoring") != std::string::npos;
        if (!armed || !copy_in || !result) return result;
        result->exit_code = 11;
        result->err = "rsync: [receiver] write failed: No space left on device (28)\n";
        return result;
    }

private:
    ProcessRunner& real_;
};

// The inventory, refusing record changes when armed.
class RefusingInventory final : public Inventory {
public:
    explicit RefusingInventory(Inventory& real) : real_(real) {}
    bool armed = false;
    Result<Reserved> reserve(const Reservation& reservation, const std::string& operation) override {
        return real_.reserve(reservation, operation);
    }
    Result<InstanceRecord> modify(std::uint64_t number, const std::function<void(InstanceRecord&)>& change) override {
        if (armed) return fail(ErrorKind::unavailable, "inventory " + real_.location(), "write refused (injected)");
        return real_.modify(number, change);
    }
    Result<void> remove(std::uint64_t number) override { return real_.remove(number); }
    Result<std::vector<InstanceRecord>> list() override { return real_.list(); }
    Result<std::unique_ptr<OperationLock>> lock(std::uint64_t number, const std::string& operation) override {
        return real_.lock(number, operation);
    }
    std::string location() const override { return real_.location(); }

private:
    Inventory& real_;
};

struct Step {
    std::string name;
    std::function<void(testing::FakeDocker&, DiskFillingRunner&, RefusingInventory&, RootConfig&)> inject;
};

// Docker refuses METHOD ("create", "start", ...) once, then works again (the undo's own calls).
Step docker_refuses_once(const std::string& method) {
    return {"docker refuses to " + method, [method](auto& docker, auto&, auto&, auto&) {
                docker.failures[method] = Error{ErrorKind::failed, "Docker", method + " refused"};
                docker.fail_once.insert(method);
            }};
}

std::string step_name(const ::testing::TestParamInfo<Step>& step) {
    std::string name = step.param.name;
    for (auto& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

class RollbackTest : public testing::LifecycleFixture, public ::testing::WithParamInterface<Step> {
protected:
    RollbackTest() : runner(processes), refusing(inventory) {}

    Services faulty() {
        return Services{docker, refusing, network, runner, clock, reporter, RootLayout(root()), config, cron};
    }
    std::filesystem::path volumes() const { return root() / "noeud-gitlab-1/mapping-volumes"; }

    // A commissioned instance with a backup, then data written after it.
    void prepare() {
        auto services = this->services();
        ASSERT_TRUE(commission(services, {.name = "wiki"}));
        std::filesystem::create_directories(volumes() / "data/git-data");
        std::ofstream(volumes() / "data/git-data/before") << "in the backup";
        ASSERT_TRUE(backup(services, "wiki", BackupStrategy::freeze));
        std::ofstream(volumes() / "data/git-data/after") << "written after the backup";
    }

    // Volumes (every path with its content), the running container's spec, the record.
    std::string state() {
        std::set<std::string> files;  // sorted: directory order changes when volumes move
        for (const auto& item : std::filesystem::recursive_directory_iterator(volumes()))
            files.insert(item.path().lexically_relative(volumes()).string() +
                         (item.is_regular_file() ? " = " + testing::read_file(item.path()) : ""));
        std::string text;
        for (const auto& file : files) text += file + "\n";
        for (const auto& [id, container] : docker.containers)
            text += container.info.name + " " + container.info.status + " " + container.spec.image + " " +
                    std::to_string(container.spec.mounts.size()) + " " + container.spec.env.front() + "\n";
        auto records = inventory.list();
        for (const auto& record : *records) text += to_json(record).dump() + "\n";
        return text;
    }

    DiskFillingRunner runner;
    RefusingInventory refusing;
};

TEST_P(RollbackTest, AFailedInPlaceRestoreLeavesTheInstanceAsItWas) {
    prepare();
    const std::string before = state();
    GetParam().inject(docker, runner, refusing, config);
    auto services = faulty();
    auto restored = restore(services, {.instance = "wiki"});
    ASSERT_FALSE(restored) << GetParam().name << ": the injected failure was not reached";
    EXPECT_EQ(state(), before) << GetParam().name << ": " << restored.error().message();
    for (const auto& item : std::filesystem::directory_iterator(root() / "noeud-gitlab-1"))
        EXPECT_FALSE(item.path().filename().string().starts_with("mapping-volumes.")) << item.path();
}

INSTANTIATE_TEST_SUITE_P(
    Steps, RollbackTest,
    ::testing::Values(
        Step{"disk full while copying", [](auto&, auto& runner, auto&, auto&) { runner.armed = true; }},
        docker_refuses_once("create"),
        docker_refuses_once("start"),
        Step{"readiness timeout",
             [](auto& docker, auto&, auto&, auto& config) {
                 docker.health_script = {HealthStatus::starting};
                 config.readiness_timeout = std::chrono::seconds(30);
             }},
        Step{"inventory refuses the write", [](auto&, auto&, auto& inventory, auto&) { inventory.armed = true; }}),
    step_name);

class DecommissionRollbackTest : public RollbackTest {};

TEST_P(DecommissionRollbackTest, AFailedDecommissionLeavesTheInstanceAsItWas) {
    prepare();
    const std::string schedule_file = testing::read_file(cron.directory / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-1"));
    const std::string before = state();
    GetParam().inject(docker, runner, refusing, config);
    auto services = faulty();
    auto done = decommission(services, {.instance = "wiki", .no_backup = true});
    ASSERT_FALSE(done) << GetParam().name << ": the injected failure was not reached";
    EXPECT_EQ(state(), before) << GetParam().name << ": " << done.error().message();
    EXPECT_EQ(testing::read_file(cron.directory / ("girofle-" + RootLayout(root()).host_tag() + "-noeud-gitlab-1")),
              schedule_file);
    EXPECT_FALSE(std::filesystem::exists(root() / "noeud-gitlab-1/operation-in-progress.json"));
}

INSTANTIATE_TEST_SUITE_P(
    Steps, DecommissionRollbackTest,
    ::testing::Values(
        docker_refuses_once("stop"),
        docker_refuses_once("remove"),
        Step{"inventory refuses the write", [](auto&, auto&, auto& inventory, auto&) { inventory.armed = true; }}),
    step_name);

}  // namespace
}  // namespace girofle
