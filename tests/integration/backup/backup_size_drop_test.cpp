// Issue 10: a snapshot less than half the size of the previous one of its kind is flagged in
// backup's output and in the operations log; an app archive is not compared with volumes.
#include "integration/gitlab_fixture.hpp"

namespace girofle::testing {
namespace {

class BackupSizeDrop : public GitlabTest {
protected:
    nlohmann::json last_logged_backup() const {
        nlohmann::json last;
        std::istringstream lines(read_file(root() / "logs/operations.jsonl"));
        for (std::string line; std::getline(lines, line);) {
            auto json = nlohmann::json::parse(line, nullptr, false);
            if (json.is_object() && json.value("operation", "") == "backup") last = json;
        }
        return last;
    }
};

TEST_F(BackupSizeDrop, HalfTheDataGoneIsFlaggedInTheOutputAndTheLog) {
    auto record = commission({"--name", "shrinking", "--ip", "127.0.8.41"});
    ASSERT_FALSE(record.empty());
    const std::filesystem::path data = record["directory"].get<std::string>() + "/mapping-volumes/data/filler";
    write_filler(data, 100, 1 << 20);
    ASSERT_EQ(girofle({"backup", "shrinking"}).status, 0);
    EXPECT_EQ(last_logged_backup()["size_dropped"], false);

    std::filesystem::remove_all(data);
    auto shrunk = girofle({"backup", "shrinking"});
    ASSERT_EQ(shrunk.status, 0) << shrunk.err;
    EXPECT_NE(shrunk.err.find("less than half of the previous backup's"), std::string::npos) << shrunk.err;
    EXPECT_EQ(last_logged_backup()["size_dropped"], true);

    auto app = girofle({"backup", "shrinking", "--strategy", "app"});
    ASSERT_EQ(app.status, 0) << app.err;
    EXPECT_EQ(app.err.find("less than half"), std::string::npos) << app.err;
    EXPECT_EQ(last_logged_backup()["size_dropped"], false);
}

}  // namespace
}  // namespace girofle::testing
