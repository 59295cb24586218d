#include "core/parallel_for.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace girofle {
namespace {

TEST(ParallelFor, EveryItemIsDoneOnce) {
    for (unsigned threads : {0u, 1u, 4u}) {
        std::vector<std::atomic<int>> done(1000);
        auto all = parallel_for(done.size(), threads, [&](std::size_t i) -> Result<void> {
            ++done[i];
            return {};
        });
        ASSERT_TRUE(all);
        for (const auto& count : done) EXPECT_EQ(count, 1) << threads << " threads";
    }
}

TEST(ParallelFor, TheFirstFailureStopsWhatIsNotStartedAndIsReturned) {
    std::atomic<std::size_t> started{0};
    auto all = parallel_for(100'000, 4, [&](std::size_t i) -> Result<void> {
        ++started;
        if (i == 10) return fail(ErrorKind::failed, "item 10", "broken");
        return {};
    });
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().message(), "item 10: broken");
    EXPECT_LT(started.load(), 100'000u);
}

}  // namespace
}  // namespace girofle
