// One libFuzzer target: GIROFLE_FUZZ_FEED names the feed (feeds/feeds.hpp) it drives.
#include <cstdint>
#include <cstdlib>

#include "feeds.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Cron reads local time: a zone with daylight-saving changes reaches the gap and the fold.
    ::setenv("TZ", "Europe/Paris", 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    girofle::fuzz::GIROFLE_FUZZ_FEED(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
