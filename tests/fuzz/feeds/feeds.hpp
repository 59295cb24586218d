// What each fuzz target does with one input: hand the bytes to a parser of outside input the
// way Girofle does, and check what a parser that accepted them must give. The libFuzzer
// targets (tests/fuzz/CMakeLists.txt, built with clang) and the unit test that replays every
// kept regression input (tests/unit/fuzz_regressions_test.cpp, built with g++) call the same
// functions, so a crash found once stays fixed in the normal suite.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace girofle::fuzz {

// A parser accepted an input and then broke a promise its header makes (a round trip that
// does not come back, a next run that does not match). Escaping the target, it is a crash.
struct InvariantBroken : std::logic_error {
    using std::logic_error::logic_error;
};

// Each takes any bytes and returns normally; nothing but InvariantBroken may escape.
void feed_cron_expression(std::string_view input);  // CronExpression::parse, next/last run
void feed_root_config(std::string_view input);      // girofle.json, its "remote" section included
void feed_snapshot_json(std::string_view input);    // manifest.json and inventory records
void feed_checksums(std::string_view input);        // checksums.sha256
void feed_docker_answer(std::string_view input);    // Docker Engine API bodies, by first byte
void feed_restic_json(std::string_view input);      // restic snapshots --json, backup --json

struct Feed {
    const char* name;  // the target's name: tests/fuzz/corpus/NAME, tests/fuzz/regressions/NAME
    void (*feed)(std::string_view);
};

inline constexpr Feed kFeeds[] = {
    {"cron_expression", feed_cron_expression}, {"root_config", feed_root_config},
    {"snapshot_json", feed_snapshot_json},     {"checksums", feed_checksums},
    {"docker_answer", feed_docker_answer},     {"restic_json", feed_restic_json},
};

inline void require(bool holds, const std::string& promise) {
    if (!holds) throw InvariantBroken(promise);
}

}  // namespace girofle::fuzz
