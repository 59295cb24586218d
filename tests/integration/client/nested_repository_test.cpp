// A git repository inside the working folder (a fresh `git init`, one with commits, or a
// registered submodule) is never girofle's to save: sync leaves it as it is, says so, and
// saves and synchronises every other file, in a plain push as in a divergence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client_fixture.hpp"

namespace girofle::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

enum class NestedKind { without_commits, with_commits, submodule };

std::string kind_name(const ::testing::TestParamInfo<NestedKind>& info) {
    switch (info.param) {
        case NestedKind::without_commits: return "NestedRepositoryWithoutCommits";
        case NestedKind::with_commits: return "NestedRepositoryWithCommits";
        case NestedKind::submodule: return "Submodule";
    }
    return "Unknown";
}

const FileContents kInitial = {{"README.md", "# Project\n"}, {"notes.txt", "first\n"}};
const FileContents kNestedFiles = {{"drafts/idea.txt", "an idea\n"},
                                   {"drafts/sub/more.txt", "more\n"}};

class NestedRepository : public ClientTest, public ::testing::WithParamInterface<NestedKind> {
protected:
    void SetUp() override {
        make_project(ServerKind::daemon, kInitial);
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
        if (GetParam() == NestedKind::submodule) add_submodule();
        else git.run(work, {"init", "-q", (work / "drafts").string()});
        // The nested repository's own work, some of it committed there, some not.
        write_files(work, kNestedFiles);
        if (GetParam() != NestedKind::without_commits) {
            git.run(work / "drafts", {"add", "idea.txt"});
            git.run(work / "drafts", {"commit", "-q", "-m", "nested work"});
        }
        nested_head = head_of_nested();
        nested_files = work_tree_files(work / "drafts");
        recorded = recorded_in_remote();
    }

    // A submodule "drafts" registered on the remote and checked out here.
    void add_submodule() {
        const fs::path library = temp / "library";
        git.run(temp.path(), {"init", "-q", "-b", "main", library.string()});
        write_files(library, {{"lib.txt", "library\n"}});
        git.run(library, {"add", "-A"});
        git.run(library, {"commit", "-q", "-m", "library"});
        git.run(colleague, {"submodule", "add", "-q", library.string(), "drafts"});
        git.run(colleague, {"commit", "-q", "-m", "add the drafts submodule"});
        git.run(colleague, {"push", "-q", "origin", "main"});
        git.run(work, {"pull", "-q"});
        git.run(work, {"submodule", "update", "-q", "--init"});
    }

    std::string head_of_nested() const {
        if (GetParam() == NestedKind::without_commits) return "";
        return git.rev_parse(work / "drafts", "HEAD");
    }
    // What the remote's tree says about "drafts": the submodule's commit, or nothing.
    std::string recorded_in_remote() const {
        return git.run(bare, {"ls-tree", "main", "drafts"});
    }
    void expect_nested_left_alone(const ProcessResult& result) {
        EXPECT_THAT(result.err, HasSubstr("drafts"));
        EXPECT_THAT(result.err, HasSubstr("left alone"));
        EXPECT_THAT(result.err, Not(HasSubstr("invalid path")));
        EXPECT_EQ(work_tree_files(work / "drafts"), nested_files);
        EXPECT_TRUE(fs::exists(work / "drafts" / ".git"));
        EXPECT_EQ(head_of_nested(), nested_head);
        EXPECT_EQ(recorded_in_remote(), recorded);  // never staged, never a broken path
    }
    FileContents remote_files_outside_drafts() const {
        FileContents files;
        for (const std::string& path :
             split_lines(git.run(bare, {"ls-tree", "-r", "--name-only", "main"}))) {
            if (path == "drafts") continue;
            files[path] = git.run(bare, {"show", "main:" + path});
        }
        return files;
    }
    static std::vector<std::string> split_lines(const std::string& text) {
        std::vector<std::string> lines;
        std::string line;
        for (char c : text) {
            if (c != '\n') line += c;
            else lines.push_back(std::exchange(line, ""));
        }
        return lines;
    }
    FileContents base_files() const {
        return GetParam() == NestedKind::submodule
                   ? with(kInitial, {{".gitmodules", read_file(work / ".gitmodules")}})
                   : kInitial;
    }

    std::string nested_head, recorded;
    FileContents nested_files;
};

TEST_P(NestedRepository, IsLeftAloneWhileEverythingElseIsPushed) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    write_files(work, {{"notes.txt", "second\n"}, {"new.txt", "new here\n"}});

    auto result = girofle({"sync", work.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("Pushed 1 commit from main to origin/main"));
    EXPECT_EQ(remote_files_outside_drafts(),
              with(base_files(), {{"notes.txt", "second\n"}, {"new.txt", "new here\n"}}));
    expect_nested_left_alone(result);

    // The next sync has nothing to do, and still leaves it alone.
    auto again = girofle({"sync", work.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr("main is up to date with origin/main"));
    expect_nested_left_alone(again);
}

TEST_P(NestedRepository, StaysInTheFolderThroughADivergence) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    colleague_pushes({{"README.md", "# Theirs\n"}}, {});
    write_files(work, {{"notes.txt", "mine\n"}});

    auto result = girofle({"--json", "sync", work.string()});
    ASSERT_EQ(result.exit_code, 3) << result.err;
    EXPECT_EQ(remote_files_outside_drafts(),
              with(base_files(), {{"README.md", "# Theirs\n"}}));
    expect_nested_left_alone(result);
    auto backup = backups();
    ASSERT_EQ(backup.size(), 1u);
    EXPECT_EQ(read_file(backup[0] / "notes.txt"), "mine\n");
    EXPECT_EQ(read_file(work / "README.md"), "# Theirs\n");
}

INSTANTIATE_TEST_SUITE_P(Kinds, NestedRepository,
                         ::testing::Values(NestedKind::without_commits, NestedKind::with_commits,
                                           NestedKind::submodule),
                         kind_name);

}  // namespace
}  // namespace girofle::testing
