#include "core/backup/directory_inodes.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;
using testing::write_file;

TEST(DirectoryInodes, RoundTripsEveryPathEvenWithSpacesAndNewlines) {
    TempDir dir;
    const DirectoryInodes directories = {{"", 2}, {"data", 131073}, {"data/a b", 7}, {"data/line\nbreak", 8}};
    ASSERT_TRUE(write_directory_inodes(dir / "record", directories));
    EXPECT_EQ(read_directory_inodes(dir / "record"), directories);
    EXPECT_TRUE(same_directory(directories, "data/a b", 7));
    EXPECT_FALSE(same_directory(directories, "data/a b", 8)) << "another directory at that path";
    EXPECT_FALSE(same_directory(directories, "data/new", 9)) << "a path not recorded";
}

TEST(DirectoryInodes, AMissingOrMalformedRecordIsNone) {
    TempDir dir;
    EXPECT_EQ(read_directory_inodes(dir / "absent"), std::nullopt);
    write_file(dir / "cut", std::string("12 data\0", 8) + "13 data/unfinished");
    EXPECT_EQ(read_directory_inodes(dir / "cut"), std::nullopt);
    write_file(dir / "not-a-number", std::string("x12 data\0", 9));
    EXPECT_EQ(read_directory_inodes(dir / "not-a-number"), std::nullopt);
}

}  // namespace
}  // namespace girofle
