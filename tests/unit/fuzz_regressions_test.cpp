// Every input a fuzz target ever crashed on (tests/fuzz/regressions/TARGET/), fed again to
// the same feed the target runs (tests/fuzz/feeds), so that a parser fixed once stays fixed
// in the normal g++ suite. The seed corpus goes through too: it is what the targets start
// from, and must pass as well.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/feeds/feeds.hpp"

namespace girofle::fuzz {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Feeds every file under GIROFLE_FUZZ_DIR/KIND/TARGET; returns how many there were.
int feed_all(const char* kind) {
    int fed = 0;
    for (const Feed& feed : kFeeds) {
        const fs::path directory = fs::path(GIROFLE_FUZZ_DIR) / kind / feed.name;
        if (!fs::exists(directory)) continue;
        for (const auto& entry : fs::directory_iterator(directory)) {
            if (!entry.is_regular_file()) continue;
            const std::string input = contents(entry.path());
            EXPECT_NO_THROW(feed.feed(input)) << entry.path();
            ++fed;
        }
    }
    return fed;
}

TEST(FuzzRegressions, EveryKeptCrashingInputIsHandled) {
    EXPECT_GT(feed_all("regressions"), 0) << "no regression input found under " << GIROFLE_FUZZ_DIR;
}

TEST(FuzzRegressions, EverySeedIsHandled) {
    EXPECT_GT(feed_all("corpus"), 0) << "no seed found under " << GIROFLE_FUZZ_DIR;
}

// The feeds' own checks can fail: a broken promise is reported, not swallowed.
TEST(FuzzRegressions, ABrokenPromiseIsReported) {
    EXPECT_THROW(require(false, "a promise"), InvariantBroken);
}

}  // namespace
}  // namespace girofle::fuzz
