// A divergence in which one side put a directory where the other has a file or a symbolic link
// (or a link where the other has a file): both versions are kept, the clash is listed with the
// other differing files (exit status 3), everything else syncs, and the next sync works.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client_fixture.hpp"

namespace girofle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

struct Side {
    std::vector<std::string> removed;
    FileContents written;
};

struct ClashCase {
    std::string name;
    FileContents base;
    Side mine, theirs;
    std::string clash_path;  // where the two sides' versions meet
    std::string difference;  // as --json names it
};

std::string case_name(const ::testing::TestParamInfo<ClashCase>& info) { return info.param.name; }

const FileContents kAlways = {{"README.md", "# Project\n"}, {"src/main.c", "int main;\n"}};

const ClashCase kCases[] = {
    {"FileBecameDirectoryHereFileChangedThere",
     {{"notes", "base notes\n"}},
     {{"notes"}, {{"notes/a.txt", "my notes, now a folder\n"}}},
     {{}, {{"notes", "their notes\n"}}},
     "notes",
     "directory_here_file_there"},
    {"FileBecameDirectoryHereFileUnchangedThere",
     {{"notes", "base notes\n"}},
     {{"notes"}, {{"notes/a.txt", "my notes, now a folder\n"}}},
     {{}, {{"other.txt", "their unrelated change\n"}}},
     "notes",
     "directory_here_file_there"},
    {"FileBecameDirectoryThereFileChangedHere",
     {{"notes", "base notes\n"}},
     {{}, {{"notes", "my notes\n"}}},
     {{"notes"}, {{"notes/a.txt", "their notes, now a folder\n"}}},
     "notes",
     "file_here_directory_there"},
    {"DirectoryBecameFileHereDirectoryChangedThere",
     {{"d/a.txt", "base a\n"}, {"d/b.txt", "base b\n"}},
     {{"d"}, {{"d", "my file where the folder was\n"}}},
     {{}, {{"d/a.txt", "their a\n"}}},
     "d",
     "file_here_directory_there"},
    {"DirectoryBecameFileThereDirectoryChangedHere",
     {{"d/a.txt", "base a\n"}, {"d/b.txt", "base b\n"}},
     {{}, {{"d/a.txt", "my a\n"}, {"d/c.txt", "my new c\n"}}},
     {{"d"}, {{"d", "their file where the folder was\n"}}},
     "d",
     "directory_here_file_there"},
    {"NewDirectoryHereNewFileThere",
     {},
     {{}, {{"x/f.txt", "my new folder\n"}}},
     {{}, {{"x", "their new file\n"}}},
     "x",
     "directory_here_file_there"},
    {"NewFileHereNewDirectoryThere",
     {},
     {{}, {{"x", "my new file\n"}}},
     {{}, {{"x/f.txt", "their new folder\n"}}},
     "x",
     "file_here_directory_there"},
    {"DirectoryBecameLinkHereDirectoryChangedThere",
     {{"d/a.txt", "base a\n"}},
     {{"d"}, {{"d", "-> src"}}},
     {{}, {{"d/a.txt", "their a\n"}}},
     "d",
     "file_here_directory_there"},
    // The link points at a directory of the project: a file of ours must never land through it.
    {"DirectoryBecameLinkThereFileAddedHere",
     {{"d/a.txt", "base a\n"}},
     {{}, {{"d/new.txt", "my new file in d\n"}}},
     {{"d"}, {{"d", "-> src"}}},
     "d",
     "directory_here_file_there"},
    {"FileBecameLinkHereFileChangedThere",
     {{"notes", "base notes\n"}},
     {{"notes"}, {{"notes", "-> README.md"}}},
     {{}, {{"notes", "their notes\n"}}},
     "notes",
     "changed_both"},
    {"FileBecameLinkThereFileChangedHere",
     {{"notes", "base notes\n"}},
     {{}, {{"notes", "my notes\n"}}},
     {{"notes"}, {{"notes", "-> README.md"}}},
     "notes",
     "changed_both"},
    {"LinkBecameFileHereLinkChangedThere",
     {{"current", "-> README.md"}},
     {{"current"}, {{"current", "my file where the link was\n"}}},
     {{"current"}, {{"current", "-> src/main.c"}}},
     "current",
     "changed_both"},
};

class TypeClash : public ClientTest, public ::testing::WithParamInterface<ClashCase> {
protected:
    void SetUp() override {
        make_project(ServerKind::daemon, with(kAlways, GetParam().base));
        if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    }
};

TEST_P(TypeClash, KeepsBothVersionsListsTheClashAndSyncsTheRest) {
    if (HasFatalFailure() || IsSkipped()) return;  // a missing server failed (CI) or skipped the test
    const ClashCase& clash = GetParam();
    remove_files(colleague, clash.theirs.removed);
    const std::string theirs = colleague_pushes(clash.theirs.written, {});
    const FileContents remote_before = git.files_at(bare, "main");
    remove_files(work, clash.mine.removed);
    const FileContents unrelated_mine = {{"mine-too.txt", "an unrelated file of mine\n"}};
    write_files(work, with(clash.mine.written, unrelated_mine));
    const FileContents work_before = work_tree_files(work);

    auto result = girofle({"--json", "sync", work.string()});
    ASSERT_EQ(result.exit_code, 3) << result.err;
    EXPECT_THAT(result.err, Not(HasSubstr(".girofle-clone-")));
    const auto summary = nlohmann::json::parse(result.out);
    EXPECT_EQ(summary["outcome"], "diverged");
    auto backup = backups();
    ASSERT_THAT(backup, SizeIs(1));

    // The clash is listed once, where the two versions meet, each version where it says.
    const auto& differing = summary["diverged"]["differing"];
    ASSERT_THAT(differing, SizeIs(1)) << differing.dump(2);
    EXPECT_EQ(differing[0]["path"], clash.clash_path);
    EXPECT_EQ(differing[0]["difference"], clash.difference);
    EXPECT_EQ(differing[0]["remote_version"], (work / clash.clash_path).string());
    EXPECT_EQ(differing[0]["your_version"], (backup[0] / clash.clash_path).string());

    // Every version either side wrote: theirs in the folder and on the remote, mine in the
    // backup; the unrelated file of mine reached the remote, on top of their commit.
    const FileContents remote_after = git.files_at(bare, "main");
    EXPECT_EQ(remote_after, with(remote_before, unrelated_mine));
    EXPECT_EQ(git.rev_parse(bare, "main^"), theirs);
    EXPECT_EQ(work_tree_files(work), remote_after);
    EXPECT_EQ(work_tree_files(backup[0]), work_before);
    for (const auto& [path, content] : clash.theirs.written)
        EXPECT_EQ(remote_after.at(path), content) << path;

    // Nothing temporary is left, and the next sync finds both sides equal.
    for (const auto& entry : std::filesystem::directory_iterator(temp.path()))
        EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".girofle-clone-")));
    auto again = girofle({"sync", work.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr("main is up to date with origin/main"));
}

INSTANTIATE_TEST_SUITE_P(Clashes, TypeClash, ::testing::ValuesIn(kCases), case_name);

}  // namespace
}  // namespace girofle::testing
