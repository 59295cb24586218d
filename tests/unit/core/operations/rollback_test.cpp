// Issue 10: every step of an in-place restore and of a decommission undoes itself. A failure
// injected at each step (disk full while copying, setting the live volumes aside or putting
// the restored copy in place refused, Docker refusing to create or start the container, a
// readiness timeout, the inventory refusing the write) leaves the instance as it was: the same volumes byte for byte, a container of the same spec running, the same record.
// (SIGKILL at random steps: tests/integration/backup/kill_trials_test.cpp.)
#include <fstream>
#include <functional>
#include <set>

#include "core/backup/snapshot_store.hpp"
#include "core/operations/backup.hpp"
#include "core/operations/commission.hpp"
#include "core/operations/decommission.hpp"
#include "core/operations/restore.hpp"
#include "support/temp_dir.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"
#include "unit/fakes/failing_file_operations.hpp"

namespace girofle {
namespace {

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
    std::function<void(testing::FakeDocker&, testing::FailingFileOperations&, RefusingInventory&, RootConfig&)> inject;
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
    RollbackTest() : refusing(inventory) {}

    Services faulty() {
        return Services{docker, refusing, network, processes, clock, reporter, RootLayout(root()), config, cron};
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

    testing::FailingFileOperations failing;
    RefusingInventory refusing;
};

TEST_P(RollbackTest, AFailedInPlaceRestoreLeavesTheInstanceAsItWas) {
    prepare();
    const std::string before = state();
    GetParam().inject(docker, failing, refusing, config);
    auto services = faulty();
    auto restored = restore(services, {.instance = "wiki", .files = &failing});
    ASSERT_FALSE(restored) << GetParam().name << ": the injected failure was not reached";
    EXPECT_GE(failing.renames, failing.failing_rename) << GetParam().name << ": failed before the rename";
    EXPECT_EQ(state(), before) << GetParam().name << ": " << restored.error().message();
    for (const auto& item : std::filesystem::directory_iterator(root() / "noeud-gitlab-1"))
        EXPECT_FALSE(item.path().filename().string().starts_with("mapping-volumes.")) << item.path();
}

class DamagedSnapshotRestoreTest : public RollbackTest {};

// Checked while copied: a byte changed in the snapshot stops the restore, naming the file,
// and the live instance is as it was.
TEST_F(DamagedSnapshotRestoreTest, AFlippedByteInTheSnapshotFailsNamingTheFileAndChangesNothing) {
    prepare();
    const std::string before = state();
    auto listed = SnapshotStore(root() / "noeud-gitlab-1/bckups").list();
    ASSERT_TRUE(listed && listed->size() == 1);
    const auto damaged = listed->front().directory / "data/git-data/before";
    std::filesystem::remove(damaged);  // a new file, same size: only its content tells
    std::ofstream(damaged) << "in the backuQ";
    auto services = faulty();
    auto restored = restore(services, {.instance = "wiki", .files = &failing});
    ASSERT_FALSE(restored);
    EXPECT_NE(restored.error().message().find("damaged, restore refused: 1 problem(s), first: "
                                              "data/git-data/before: content differs"),
              std::string::npos)
        << restored.error().message();
    EXPECT_EQ(state(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Steps, RollbackTest,
    ::testing::Values(
        Step{"disk full while copying", [](auto&, auto& files, auto&, auto&) { files.copy_fills_disk = true; }},
        Step{"setting the volumes aside refused", [](auto&, auto& files, auto&, auto&) { files.failing_rename = 1; }},
        Step{"putting the restored copy in place refused",
             [](auto&, auto& files, auto&, auto&) { files.failing_rename = 2; }},
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
    GetParam().inject(docker, failing, refusing, config);
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
