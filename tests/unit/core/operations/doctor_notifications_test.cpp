#include "core/operations/doctor_notifications.hpp"

#include "core/backup/snapshot_id.hpp"
#include "core/operations/commission.hpp"
#include "unit/core/operations/lifecycle_fixture.hpp"
#include "unit/fakes/scripted_poster.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;

class DoctorNotificationsTest : public testing::LifecycleFixture {
  protected:
    testing::ScriptedPoster poster{clock};

    DoctorNotificationsTest() { config.notify.webhooks = {"http://127.0.0.1:9/hook"}; }

    // A doctor run as cron runs it with --notify: the notices it POSTed.
    std::vector<nlohmann::json> doctor_run() {
        auto services = this->services();
        const auto findings =
            run_doctor(services, {.cron_running = [] { return Result<bool>(true); }});
        const auto before = poster.posts.size();
        notify_doctor_problems(services, findings, poster, "vm-1");
        std::vector<nlohmann::json> notices;
        for (auto post = poster.posts.begin() + static_cast<std::ptrdiff_t>(before);
             post != poster.posts.end(); ++post)
            notices.push_back(post->second);
        return notices;
    }
};

TEST_F(DoctorNotificationsTest, ALateBackupIsAnnouncedOnceWhileItsAgeGrowsThenAgainAfterADay) {
    auto services = this->services();
    ASSERT_TRUE(commission(services, {.name = "wiki"}));
    ASSERT_TRUE(inventory.modify(
        1, [&](InstanceRecord& record) { record.last_backup = snapshot_id_for(clock.now()); }));
    EXPECT_TRUE(doctor_run().empty()) << "a healthy host announces nothing";

    clock.wall += 9h;  // two four-hourly runs missed
    auto notices = doctor_run();
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0]["event"], "girofle.problem_found");
    EXPECT_EQ(notices[0]["operation"], "doctor");
    EXPECT_EQ(notices[0]["instance"], (nlohmann::json{{"number", 1}, {"name", "wiki"}}));
    EXPECT_EQ(notices[0]["host"], "vm-1");
    EXPECT_EQ(notices[0]["error_kind"], "problem");
    const std::string error = notices[0]["error"];
    EXPECT_TRUE(error.starts_with("backup: instance 1 (noeud-gitlab-1-wiki): last backup "))
        << error;
    EXPECT_NE(error.find("(9 h ago), missed the run due"), std::string::npos) << error;
    EXPECT_NE(error.find("(fix: girofle --root '" + root().string() + "' backup 1)"),
              std::string::npos)
        << error;

    for (int hour = 1; hour <= 23; ++hour) {
        clock.wall += 1h;
        EXPECT_TRUE(doctor_run().empty()) << "hour " << hour << ": the same late backup, older";
    }
    clock.wall += 1h;
    EXPECT_EQ(doctor_run().size(), 1u) << "a day later, a reminder";
}

TEST_F(DoctorNotificationsTest, HostProblemsAreAnnouncedOnceEachWithoutAnInstance) {
    std::filesystem::create_directories(root());
    std::filesystem::permissions(root(), std::filesystem::perms::owner_all |
                                             std::filesystem::perms::group_read |
                                             std::filesystem::perms::group_exec);
    network.listening = {{"0.0.0.0", 22}};
    auto notices = doctor_run();
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_TRUE(notices[0]["instance"].is_null());
    EXPECT_TRUE(notices[0]["error"].get<std::string>().starts_with("port 22: ")) << notices[0];
    EXPECT_TRUE(doctor_run().empty());
}

TEST_F(DoctorNotificationsTest, WithoutWebhooksNothingIsSentNorKept) {
    config.notify.webhooks.clear();
    network.listening = {{"0.0.0.0", 22}};
    std::filesystem::create_directories(root());
    EXPECT_TRUE(doctor_run().empty());
    EXPECT_FALSE(std::filesystem::exists(notified_problems_file(RootLayout(root()))));
}

}  // namespace
}  // namespace girofle
