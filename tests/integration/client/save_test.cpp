// `girofle save` on a real repository, judged by the git command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class Save : public ClientTest {
protected:
    void SetUp() override {
        work = temp / "work";
        git.run(temp.path(), {"init", "-q", work.string()});
    }
    std::string last_subject() { return git.run(work, {"log", "-1", "--format=%s"}); }
};

TEST_F(Save, CommitsAdditionsModificationsAndDeletionsButNotIgnoredFiles) {
    write_files(work, {{"keep.txt", "keep\n"}, {"edit.txt", "before\n"}, {"gone.txt", "gone\n"},
                       {".gitignore", "secret.env\ncache/\n"}});
    auto first = girofle({"save", work.string()});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_THAT(last_subject(),
                MatchesRegex("girofle save on .+: 4 added, 0 modified, 0 deleted\n"));

    write_files(work, {{"edit.txt", "after\n"}, {"sub/dir/new.txt", "new\n"},
                       {"secret.env", "TOKEN=x\n"}, {"cache/blob", "cached"}});
    std::filesystem::remove(work / "gone.txt");
    auto second = girofle({"save", (work / "sub").string()});  // from inside the folder too
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_THAT(second.out, HasSubstr("Saved 3 changes on main (1 added, 1 modified, 1 deleted)"));
    EXPECT_THAT(last_subject(),
                MatchesRegex("girofle save on .+: 1 added, 1 modified, 1 deleted\n"));
    EXPECT_EQ(git.files_at(work, "HEAD"),
              (FileContents{{"keep.txt", "keep\n"}, {"edit.txt", "after\n"},
                            {"sub/dir/new.txt", "new\n"}, {".gitignore", "secret.env\ncache/\n"}}));
    EXPECT_EQ(git.run(work, {"status", "--porcelain"}), "");
}

TEST_F(Save, NothingChangedMakesNoCommit) {
    write_files(work, {{"a.txt", "a\n"}});
    ASSERT_EQ(girofle({"save", work.string()}).exit_code, 0);
    const std::string head = git.rev_parse(work, "HEAD");
    auto result = girofle({"--json", "save", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto summary = nlohmann::json::parse(result.out);
    EXPECT_EQ(summary["commit"], nullptr);
    EXPECT_EQ(summary["work_tree"], work.string());
    EXPECT_EQ(git.rev_parse(work, "HEAD"), head);
}

TEST_F(Save, OutsideAnyRepositoryIsBadInput) {
    std::filesystem::create_directories(temp / "plain");
    auto result = girofle({"save", (temp / "plain").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "girofle: error: " + (temp / "plain").string() +
                              ": not inside a git working folder\n");
}

}  // namespace
}  // namespace girofle::testing
