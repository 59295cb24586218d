// What the command line says about usage it cannot parse, from the real binary: one line
// naming what was wrong, exit status 2, nothing written to the root.
#include <gtest/gtest.h>

#include "support/commands.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

TEST(CommandLine, AWordThatIsNoCommandIsNamedAsAnUnknownCommand) {
    testing::TempDir dir;
    const auto root = (dir / "root").string();
    auto unknown = testing::run_command({GIROFLE_BINARY, "--root", root, "frobnicate", "now"});
    EXPECT_EQ(unknown.status, 2);
    EXPECT_EQ(unknown.err, "girofle: error: 'frobnicate': unknown command (see girofle --help)\n");
    auto nothing = testing::run_command({GIROFLE_BINARY, "--root", root, "--json"});
    EXPECT_EQ(nothing.status, 2);
    EXPECT_EQ(nothing.err, "girofle: error: no command given (see girofle --help)\n");
    // An unknown option of a known command keeps CLI11's own words, which name the option.
    auto option = testing::run_command({GIROFLE_BINARY, "--root", root, "list", "--bogus"});
    EXPECT_EQ(option.status, 2);
    EXPECT_NE(option.err.find("--bogus"), std::string::npos) << option.err;
    EXPECT_FALSE(std::filesystem::exists(root)) << "bad usage created the root";
}

TEST(CommandLine, AnEmptyNameIsABadNameNotAnUnnamedInstance) {
    testing::TempDir dir;
    const auto root = (dir / "root").string();
    auto empty = testing::run_command({GIROFLE_BINARY, "--root", root, "commission", "--name", ""});
    EXPECT_EQ(empty.status, 2);
    EXPECT_EQ(empty.err.rfind("girofle: error: name '': invalid: use 1 to 32 lowercase letters", 0), 0u) << empty.err;
    EXPECT_EQ(std::count(empty.err.begin(), empty.err.end(), '\n'), 1) << empty.err;
    EXPECT_FALSE(std::filesystem::exists(root)) << "bad usage created the root";
}

}  // namespace
}  // namespace girofle
