#include "core/tree_walk.hpp"

#include <gtest/gtest.h>

#include <map>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;

// relative path -> the type lstat gives ('d', 'f', 'l').
std::map<std::string, char> walked(const std::filesystem::path& top, TreeState state,
                                   const std::function<void(const WalkedEntry&)>& also = {}) {
    std::map<std::string, char> seen;
    auto result = walk_tree(top, state, [&](const WalkedEntry& entry) {
        const char type = S_ISDIR(entry.info.st_mode) ? 'd' : S_ISLNK(entry.info.st_mode) ? 'l' : 'f';
        EXPECT_TRUE(seen.emplace(entry.relative(), type).second) << entry.relative() << " visited twice";
        if (also) also(entry);
    });
    EXPECT_TRUE(result) << result.error().message();
    return seen;
}

TEST(TreeWalk, EveryEntryOnceByItsRelativePathWithoutFollowingSymlinks) {
    TempDir dir;
    const auto top = dir / "volumes";
    std::filesystem::create_directories(top / "data/git/repo.git");
    std::filesystem::create_directories(top / "empty");
    testing::write_file(top / "top-file", "a");
    testing::write_file(top / "data/git/repo.git/HEAD", "ref: refs/heads/main\n");
    std::filesystem::create_directory_symlink(top / "data", top / "data-link");  // must not be entered
    std::map<std::string, std::string> directories_of;
    auto seen = walked(top, TreeState::still, [&](const WalkedEntry& entry) {
        directories_of[entry.relative()] = entry.directory;
    });
    EXPECT_EQ(seen, (std::map<std::string, char>{{"top-file", 'f'},
                                                 {"empty", 'd'},
                                                 {"data", 'd'},
                                                 {"data/git", 'd'},
                                                 {"data/git/repo.git", 'd'},
                                                 {"data/git/repo.git/HEAD", 'f'},
                                                 {"data-link", 'l'}}));
    EXPECT_EQ(directories_of["top-file"], "");
    EXPECT_EQ(directories_of["data/git/repo.git/HEAD"], "data/git/repo.git");
}

TEST(TreeWalk, ADirectoryGoneBeforeItIsOpenedIsSkippedInALiveTreeAndAnErrorInAStillOne) {
    TempDir dir;
    const auto top = dir / "volumes";
    for (const auto state : {TreeState::live, TreeState::still}) {
        std::filesystem::create_directories(top / "quarantine-1");
        testing::write_file(top / "kept", "x");
        // The directory vanishes after its parent was read, as git's quarantine does mid-push.
        std::vector<std::string> seen;
        auto result = walk_tree(top, state, [&](const WalkedEntry& entry) {
            seen.push_back(entry.relative());
            if (entry.relative() == "quarantine-1") std::filesystem::remove(top / "quarantine-1");
        });
        if (state == TreeState::live) {
            ASSERT_TRUE(result) << result.error().message();
            EXPECT_EQ(seen.size(), 2u);
        } else {
            ASSERT_FALSE(result);
            EXPECT_EQ(result.error().kind, ErrorKind::not_found);
            EXPECT_NE(result.error().message().find("quarantine-1"), std::string::npos) << result.error().message();
        }
    }
    // The top itself must be there, live or not.
    auto missing = walk_tree(dir / "nowhere", TreeState::live, [](const WalkedEntry&) {});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message().find("nowhere: cannot read"), std::string::npos) << missing.error().message();
}

}  // namespace
}  // namespace girofle
