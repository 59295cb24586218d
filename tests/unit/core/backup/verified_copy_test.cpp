// The copy restore uses: everything cp -a keeps is kept, and a file whose content differs
// from the snapshot's checksum list fails the copy, named, with nothing left behind.
#include "core/backup/verified_copy.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>

#include "core/backup/checksums.hpp"
#include "core/backup/manifest.hpp"
#include "support/temp_dir.hpp"

namespace girofle {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

struct stat lstat_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info;
}

void set_times(const fs::path& path, long seconds, long nanoseconds) {
    const struct timespec times[2] = {{seconds - 100, nanoseconds}, {seconds, nanoseconds}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

// The kernel's form of an access ACL (version 2, then tag, permissions, id per entry, sorted):
// owner rw, user 1600 rw, group r, mask rw, other none.
std::string acl_entry(std::uint16_t tag, std::uint16_t permissions, std::uint32_t id) {
    std::string entry(8, '\0');
    std::memcpy(entry.data(), &tag, 2);
    std::memcpy(entry.data() + 2, &permissions, 2);
    std::memcpy(entry.data() + 4, &id, 4);
    return entry;
}
const std::string kFifoAcl = std::string("\x02\0\0\0", 4) + acl_entry(0x01, 6, UINT32_MAX) + acl_entry(0x02, 6, 1600) +
                             acl_entry(0x04, 4, UINT32_MAX) + acl_entry(0x10, 6, UINT32_MAX) +
                             acl_entry(0x20, 0, UINT32_MAX);

class VerifiedCopyTest : public ::testing::TestWithParam<unsigned> {
protected:
    // A snapshot with what GitLab's volumes hold: owners other than ours, odd modes, a
    // symlink, a file under two names, a socket-like special file, an ACL-bearing attribute.
    VerifiedCopyTest() {
        write_file(snapshot / "data/git-data/repo/HEAD", "ref: refs/heads/main\n");
        write_file(snapshot / "data/git-data/repo/objects/pack", std::string(3 << 20, 'p'));  // several blocks
        write_file(snapshot / "config/gitlab-secrets.json", "{\"secret\": 1}\n");
        write_file(snapshot / "log/empty", "");
        fs::create_symlink("HEAD", snapshot / "data/git-data/repo/current");
        fs::create_hard_link(snapshot / "data/git-data/repo/HEAD", snapshot / "data/git-data/HEAD.twin");
        EXPECT_EQ(::mkfifo((snapshot / "data/fifo").c_str(), 0620), 0);
        fs::create_directories(snapshot / "data/empty-dir");
        EXPECT_EQ(::chown((snapshot / "config/gitlab-secrets.json").c_str(), 998, 997), 0);
        EXPECT_EQ(::chmod((snapshot / "config/gitlab-secrets.json").c_str(), 0600), 0);
        EXPECT_EQ(::lchown((snapshot / "data/git-data/repo/current").c_str(), 996, 995), 0);
        EXPECT_EQ(::chown((snapshot / "data/git-data/repo").c_str(), 998, 998), 0);
        EXPECT_EQ(::chmod((snapshot / "data/git-data/repo").c_str(), 02750), 0);
        EXPECT_EQ(::chmod((snapshot / "data/empty-dir").c_str(), 0500), 0);
        // An ACL (user 1600: rw) on the FIFO: what restore lost before it copied a special
        // file's extended attributes (a FIFO takes no user.* attribute).
        EXPECT_EQ(::setxattr((snapshot / "data/fifo").c_str(), "system.posix_acl_access", kFifoAcl.data(),
                             kFifoAcl.size(), 0),
                  0);
        const std::string value = "kept";
        EXPECT_EQ(::setxattr((snapshot / "data/git-data/repo/HEAD").c_str(), "user.girofle", value.data(), value.size(), 0), 0);
        set_times(snapshot / "data/git-data/repo/objects/pack", 1'700'000'000, 123'456'789);
        set_times(snapshot / "data/git-data/repo/current", 1'700'000'100, 5);
        set_times(snapshot / "data/git-data/repo", 1'700'000'200, 987'654'321);
        set_times(snapshot / "data/empty-dir", 1'700'000'300, 1);
        InodeHashCache cache;
        auto sums = checksum_snapshot(snapshot.path(), cache);
        EXPECT_TRUE(sums) << sums.error().message();
        for (const auto& file : sums->files) expected[std::string(file.path)] = to_hex(file.sha256);
    }

    Result<VerifiedCopyStats> copy() {
        return verified_copy({.snapshot = snapshot.path(),
                              .trees = {"data", "config", "log"},
                              .expected = expected,
                              .destination = destination(),
                              .workers = GetParam()});
    }
    fs::path destination() const { return target / "volumes"; }

    TempDir snapshot;
    TempDir target;
    std::map<std::string, std::string> expected;
};

TEST_P(VerifiedCopyTest, KeepsContentOwnersModesTimesSymlinksHardLinksAndAttributes) {
    auto copied = copy();
    ASSERT_TRUE(copied) << copied.error().message();
    EXPECT_EQ(copied->files, 4u);
    EXPECT_EQ(copied->hard_links, 1u);
    EXPECT_EQ(copied->symlinks, 1u);
    EXPECT_EQ(copied->specials, 1u);
    EXPECT_EQ(copied->bytes, 21u + (3u << 20) + 14u + 0u);

    // Every entry the same as in the snapshot, except for its inode.
    std::size_t compared = 0;
    for (const auto& item : fs::recursive_directory_iterator(snapshot.path())) {
        const auto relative = item.path().lexically_relative(snapshot.path());
        const struct stat from = lstat_of(item.path());
        const struct stat to = lstat_of(destination() / relative);
        EXPECT_EQ(to.st_mode, from.st_mode) << relative;
        EXPECT_EQ(to.st_uid, from.st_uid) << relative;
        EXPECT_EQ(to.st_gid, from.st_gid) << relative;
        EXPECT_NE(to.st_ino, from.st_ino) << relative << ": a copy, never a link into the snapshot";
        if (!S_ISDIR(from.st_mode)) {
            EXPECT_EQ(to.st_size, from.st_size) << relative;
        }
        EXPECT_EQ(to.st_mtim.tv_sec, from.st_mtim.tv_sec) << relative;
        EXPECT_EQ(to.st_mtim.tv_nsec, from.st_mtim.tv_nsec) << relative;
        if (S_ISREG(from.st_mode)) {
            EXPECT_EQ(read_file(destination() / relative), read_file(item.path())) << relative;
        }
        ++compared;
    }
    EXPECT_EQ(compared, 14u);
    EXPECT_EQ(fs::read_symlink(destination() / "data/git-data/repo/current"), "HEAD");
    const struct stat head = lstat_of(destination() / "data/git-data/repo/HEAD");
    const struct stat twin = lstat_of(destination() / "data/git-data/HEAD.twin");
    EXPECT_EQ(head.st_ino, twin.st_ino);
    EXPECT_EQ(head.st_nlink, 2u);
    char value[16] = {};
    EXPECT_EQ(::getxattr((destination() / "data/git-data/repo/HEAD").c_str(), "user.girofle", value, sizeof value), 4);
    EXPECT_EQ(std::string(value), "kept");
    std::string acl(64, '\0');
    const ssize_t acl_size =
        ::getxattr((destination() / "data/fifo").c_str(), "system.posix_acl_access", acl.data(), acl.size());
    ASSERT_GT(acl_size, 0) << "the FIFO's ACL";
    acl.resize(static_cast<std::size_t>(acl_size));
    EXPECT_EQ(acl, kFifoAcl);
}

TEST_P(VerifiedCopyTest, AFlippedByteFailsNamingTheFileAndLeavesNoDestination) {
    std::fstream pack(snapshot / "data/git-data/repo/objects/pack", std::ios::in | std::ios::out | std::ios::binary);
    pack.seekp(2 << 20);
    pack.put('q');
    pack.close();
    auto copied = copy();
    ASSERT_FALSE(copied);
    EXPECT_EQ(copied.error().object, (snapshot / "data/git-data/repo/objects/pack").string());
    EXPECT_NE(copied.error().cause.find("content differs"), std::string::npos) << copied.error().message();
    EXPECT_FALSE(fs::exists(destination()));
}

TEST_P(VerifiedCopyTest, AFileAddedOrRemovedSinceTheBackupFailsNamingIt) {
    write_file(snapshot / "config/planted", "not in the backup");
    auto added = copy();
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().object, (snapshot / "config/planted").string());
    EXPECT_FALSE(fs::exists(destination()));

    fs::remove(snapshot / "config/planted");
    fs::remove(snapshot / "data/git-data/HEAD.twin");
    auto removed = copy();
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().object, (snapshot / "data/git-data/HEAD.twin").string());
    EXPECT_NE(removed.error().cause.find("missing"), std::string::npos) << removed.error().message();
    EXPECT_FALSE(fs::exists(destination()));
}

TEST_P(VerifiedCopyTest, AnAliasOfAFileMustBeListedWithTheSameHash) {
    expected["data/git-data/HEAD.twin"] = std::string(64, '0');
    auto copied = copy();
    ASSERT_FALSE(copied);
    EXPECT_EQ(copied.error().object, (snapshot / "data/git-data/HEAD.twin").string());
    EXPECT_FALSE(fs::exists(destination()));
}

TEST_P(VerifiedCopyTest, NeverWritesIntoAnExistingDestination) {
    write_file(destination() / "kept", "already here");
    auto copied = copy();
    ASSERT_FALSE(copied);
    EXPECT_NE(copied.error().cause.find("already exists"), std::string::npos);
    EXPECT_EQ(read_file(destination() / "kept"), "already here");
}

INSTANTIATE_TEST_SUITE_P(Workers, VerifiedCopyTest, ::testing::Values(1u, 4u));

TEST(VerifiedCopy, AMissingTreeBecomesAnEmptyDirectory) {
    TempDir snapshot;
    TempDir target;
    write_file(snapshot / "data/file", "x");
    auto copied = verified_copy({.snapshot = snapshot.path(),
                                 .trees = {"data", "log"},
                                 .expected = {{"data/file", sha256_hex("x")}},
                                 .destination = target / "out"});
    ASSERT_TRUE(copied) << copied.error().message();
    EXPECT_TRUE(fs::is_directory(target / "out/log"));
    EXPECT_TRUE(fs::is_empty(target / "out/log"));
}

TEST(RecordedChecksums, AListThatNoLongerMatchesTheManifestIsRefused) {
    TempDir snapshot;
    const std::string list = sha256_hex("x") + "  data/file\n";
    write_file(snapshot / kChecksumsFile, list);
    auto read = read_recorded_checksums(snapshot.path(), sha256_hex(list));
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(read->at("data/file"), sha256_hex("x"));
    write_file(snapshot / kChecksumsFile, sha256_hex("y") + "  data/file\n");
    auto altered = read_recorded_checksums(snapshot.path(), sha256_hex(list));
    ASSERT_FALSE(altered);
    EXPECT_NE(altered.error().message().find("checksums.sha256: altered"), std::string::npos) << altered.error().message();
}

}  // namespace
}  // namespace girofle
