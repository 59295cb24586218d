#include "core/backup/checksums.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/backup/manifest.hpp"
#include "support/commands.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using testing::TempDir;
using testing::write_file;

Sha256Digest digest_of(char hex_digit) { return *digest_from_hex(std::string(64, hex_digit)); }

TEST(Checksums, FormatIsSha256sumsAndParsesBackIncludingOddNames) {
    ChecksumList files = {{"data/plain", digest_of('a')}, {"data/back\\slash", digest_of('b')},
                          {"data/new\nline", digest_of('c')}};
    std::string text = format_checksums(files);
    EXPECT_EQ(text.substr(0, 77), std::string(64, 'a') + "  data/plain\n");
    auto parsed = parse_checksums(text);
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 3u);
    EXPECT_EQ(parsed->at("data/new\nline"), std::string(64, 'c'));
    EXPECT_EQ(parsed->at("data/back\\slash"), std::string(64, 'b'));
    EXPECT_FALSE(parse_checksums("not a checksum line\n"));
}

// The list keeps its own copy of each path, in blocks: the callers' strings are gone, the list
// spans several blocks and has been moved, and every path still reads back, sorted.
TEST(Checksums, ListKeepsEveryPathAcrossBlocksAndMoves) {
    std::vector<std::string> paths;
    ChecksumList original;
    for (int i = 0; i < 30000; ++i) {  // about 1 MiB of paths: several blocks
        std::string path = "data/dir-" + std::to_string(i % 7) + "/file-" + std::to_string(i);
        original.push_back({path, digest_of("0123456789abcdef"[i % 16])});
        paths.push_back(std::move(path));
    }
    ChecksumList files = std::move(original);
    files.sort_by_path();
    std::sort(paths.begin(), paths.end());
    ASSERT_EQ(files.size(), paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
        ASSERT_EQ(files[i].path, paths[i]);
        const int number = std::stoi(paths[i].substr(paths[i].rfind('-') + 1));
        ASSERT_EQ(files[i].sha256, digest_of("0123456789abcdef"[number % 16])) << paths[i];
    }
}

TEST(Checksums, ADigestIsSixtyFourHexDigitsAndNothingElse) {
    const std::string hex = sha256_hex("abc");
    auto digest = digest_from_hex(hex);
    ASSERT_TRUE(digest);
    EXPECT_EQ(to_hex(*digest), hex);
    EXPECT_EQ(digest_from_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"), digest);
    EXPECT_FALSE(digest_from_hex(hex.substr(1)));
    EXPECT_FALSE(digest_from_hex(hex + "0"));
    EXPECT_FALSE(digest_from_hex(std::string(63, '0') + "g"));
}

// The list is written in blocks, never held whole: the file must still be exactly the text
// format_checksums gives, private, and the digest returned must be that text's.
TEST(Checksums, WrittenListIsTheFormattedTextAndItsDigestIsReturned) {
    TempDir dir;
    ChecksumList files;
    for (int i = 0; i < 20000; ++i)  // about 1.8 MiB: more than one write block
        files.push_back({"data/dir/file-" + std::to_string(i), digest_of("0123456789abcdef"[i % 16])});
    auto written = write_checksums(dir / kChecksumsFile, files);
    ASSERT_TRUE(written) << written.error().message();
    const std::string text = testing::read_file(dir / kChecksumsFile);
    EXPECT_EQ(text, format_checksums(files));
    EXPECT_EQ(*written, sha256_hex(text));
    struct stat info {};
    ASSERT_EQ(::stat((dir / kChecksumsFile).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST(Checksums, Sha256sumAcceptsWhatWeWrite) {
    TempDir snapshot;
    write_file(snapshot / "data/a.txt", "alpha\n");
    write_file(snapshot / "config/gitlab-secrets.json", "{}\n");
    write_file(snapshot / "log/x\\y", "odd name\n");
    InodeHashCache cache;
    auto sums = checksum_snapshot(snapshot.path(), cache);
    ASSERT_TRUE(sums) << sums.error().message();
    EXPECT_EQ(sums->counts.files, 3u);
    EXPECT_EQ(sums->counts.bytes, 6u + 3u + 9u);
    write_file(snapshot / "checksums.sha256", format_checksums(sums->files));
    auto checked = testing::run_command({"sha256sum", "--check", "--strict", "checksums.sha256"}, {}, snapshot.path());
    EXPECT_EQ(checked.status, 0) << checked.out << checked.err;
}

TEST(Checksums, VerifyFindsMissingTruncatedAlteredAndAddedFiles) {
    TempDir snapshot;
    for (const char* name : {"data/keep", "data/truncate", "data/alter", "data/remove"})
        write_file(snapshot / name, std::string(1000, 'x'));
    InodeHashCache cache;
    auto sums = checksum_snapshot(snapshot.path(), cache);
    ASSERT_TRUE(sums);
    auto expected = parse_checksums(format_checksums(sums->files));
    ASSERT_TRUE(expected);
    ASSERT_EQ(::truncate((snapshot / "data/truncate").c_str(), 10), 0);
    write_file(snapshot / "data/alter", std::string(999, 'x') + "y");
    std::filesystem::remove(snapshot / "data/remove");
    write_file(snapshot / "data/added", "new");
    InodeHashCache fresh;
    auto report = verify_snapshot_files(snapshot.path(), *expected, fresh);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->problems.size(), 4u);
    EXPECT_EQ(report->problems[0], "data/added: not in the backup's checksum list (added afterwards)");
    EXPECT_EQ(report->problems[1], "data/alter: content differs from the backup (altered or truncated; now 1000 bytes)");
    EXPECT_EQ(report->problems[2], "data/remove: missing");
    EXPECT_EQ(report->problems[3], "data/truncate: content differs from the backup (altered or truncated; now 10 bytes)");
}

TEST(Checksums, AHardLinkedFileIsNotReadAgain) {
    TempDir dir;
    write_file(dir / "old/data/big", std::string(1 << 20, 'z'));
    std::filesystem::create_directories(dir / "new/data");
    std::filesystem::create_hard_link(dir / "old/data/big", dir / "new/data/big");
    write_file(dir / "new/data/fresh", "fresh");
    InodeHashCache cache;
    auto old_sums = checksum_snapshot(dir / "old", cache);
    ASSERT_TRUE(old_sums);
    EXPECT_EQ(old_sums->bytes_read, 1u << 20);
    auto new_sums = checksum_snapshot(dir / "new", cache);
    ASSERT_TRUE(new_sums);
    EXPECT_EQ(new_sums->bytes_read, 5u);
    EXPECT_EQ(new_sums->files[0].sha256, old_sums->files[0].sha256);
}

std::uint64_t disk_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return static_cast<std::uint64_t>(info.st_blocks) * 512;
}

// What a snapshot adds on disk: its directories and the files that are not hard links to the
// previous snapshot's (whose hashes the cache holds), a new file with two names counted once.
TEST(Checksums, AddedBytesCountOnlyWhatIsNotLinkedFromThePreviousSnapshot) {
    TempDir dir;
    write_file(dir / "old/data/big", std::string(1 << 20, 'z'));
    std::filesystem::create_directories(dir / "new/data/sub");
    std::filesystem::create_hard_link(dir / "old/data/big", dir / "new/data/big");
    write_file(dir / "new/data/fresh", std::string(64 << 10, 'f'));
    write_file(dir / "new/data/twin", std::string(32 << 10, 't'));
    std::filesystem::create_hard_link(dir / "new/data/twin", dir / "new/data/sub/twin");
    InodeHashCache cache;
    auto old_sums = checksum_snapshot(dir / "old", cache);
    ASSERT_TRUE(old_sums);
    EXPECT_EQ(old_sums->counts.added_bytes, disk_of(dir / "old/data") + disk_of(dir / "old/data/big"));
    auto new_sums = checksum_snapshot(dir / "new", cache);
    ASSERT_TRUE(new_sums);
    EXPECT_GE(disk_of(dir / "new/data/fresh"), 64u << 10);
    EXPECT_EQ(new_sums->counts.added_bytes, disk_of(dir / "new/data") + disk_of(dir / "new/data/sub") +
                                                disk_of(dir / "new/data/fresh") + disk_of(dir / "new/data/twin"));
}

// The cache holds hard-linked files only: a full backup of many files with one name each would
// otherwise keep a hash per file in memory for nothing.
TEST(Checksums, OnlyFilesWithSeveralNamesAreRemembered) {
    TempDir dir;
    write_file(dir / "snapshot/data/single", std::string(1000, 's'));
    write_file(dir / "snapshot/data/linked", std::string(100, 'l'));
    std::filesystem::create_hard_link(dir / "snapshot/data/linked", dir / "elsewhere");
    InodeHashCache cache;
    auto first = checksum_snapshot(dir / "snapshot", cache);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->bytes_read, 1100u);
    auto second = checksum_snapshot(dir / "snapshot", cache);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->bytes_read, 1000u);
    EXPECT_EQ(second->files[0].path, "data/linked");
    EXPECT_EQ(second->files[0].sha256, first->files[0].sha256);
}

// A backup takes the hashes of the files it hard-linked from the previous snapshot from that
// snapshot's list instead of reading them, but only from a list that is still what the
// manifest recorded: a list altered since, or malformed, must not lend a wrong hash.
TEST(Checksums, ThePreviousListLendsItsHashesOnlyWhenItIsIntact) {
    TempDir dir;
    write_file(dir / "old/data/kept", std::string(4096, 'k'));
    write_file(dir / "old/data/odd\nname", "odd");
    write_file(dir / "old/data/gone", "gone");
    InodeHashCache first_run;
    auto old_sums = checksum_snapshot(dir / "old", first_run);
    ASSERT_TRUE(old_sums);
    auto list_sha256 = write_checksums(dir / "old" / kChecksumsFile, old_sums->files);
    ASSERT_TRUE(list_sha256);
    std::filesystem::remove(dir / "old/data/gone");  // listed, no longer there: nothing to lend
    std::filesystem::create_directories(dir / "new/data");
    std::filesystem::create_hard_link(dir / "old/data/kept", dir / "new/data/kept");
    std::filesystem::create_hard_link(dir / "old/data/odd\nname", dir / "new/data/odd\nname");
    write_file(dir / "new/data/fresh", "fresh");

    InodeHashCache cache;
    auto remembered = remember_checksums(dir / "old", *list_sha256, cache);
    ASSERT_TRUE(remembered) << remembered.error().message();
    EXPECT_EQ(*remembered, 2u);
    auto new_sums = checksum_snapshot(dir / "new", cache);
    ASSERT_TRUE(new_sums);
    EXPECT_EQ(new_sums->bytes_read, 5u) << "only the new file is read";
    ASSERT_EQ(new_sums->files.size(), 3u);
    EXPECT_EQ(to_hex(new_sums->files[1].sha256), sha256_hex(std::string(4096, 'k')));
    EXPECT_EQ(to_hex(new_sums->files[2].sha256), sha256_hex("odd"));

    InodeHashCache altered_cache;
    auto altered = remember_checksums(dir / "old", sha256_hex("another list"), altered_cache);
    ASSERT_FALSE(altered);
    EXPECT_EQ(altered.error().object, (dir / "old" / kChecksumsFile).string());
    EXPECT_EQ(altered.error().cause, "altered since the backup was taken");
    auto again = checksum_snapshot(dir / "new", altered_cache);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->bytes_read, 4096u + 3u + 5u) << "nothing was lent: every file is read";

    const std::string malformed = std::string(64, 'z') + "  data/kept\n";
    write_file(dir / "old" / kChecksumsFile, malformed);
    InodeHashCache malformed_cache;
    auto refused = remember_checksums(dir / "old", sha256_hex(malformed), malformed_cache);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().cause, "line 1 is malformed");
}

}  // namespace
}  // namespace girofle
