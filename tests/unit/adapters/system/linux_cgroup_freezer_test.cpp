// The freezer's files here are plain files in a temporary tree laid out as /proc and
// /sys/fs/cgroup are: what the adapter finds and writes is checked, not the kernel's freezing
// (tests/integration/backup/backup_crash_safety_test.cpp freezes a real container).
#include "adapters/system/linux_cgroup_freezer.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace girofle {
namespace {

using namespace std::chrono_literals;
using testing::read_file;
using testing::write_file;

class LinuxCgroupFreezerTest : public ::testing::Test {
protected:
    testing::TempDir temp;
    LinuxCgroupFreezer freezer{temp / "proc", temp / "cgroup"};

    void process_in(int pid, const std::string& membership) {
        write_file(temp / ("proc/" + std::to_string(pid) + "/cgroup"), membership);
    }
};

TEST_F(LinuxCgroupFreezerTest, CgroupV1UsesTheFreezerHierarchyAndItsStateFile) {
    process_in(42, "12:freezer:/docker/abc\n4:memory:/docker/abc\n0::/docker/abc\n");
    const auto directory = temp / "cgroup/freezer/docker/abc";
    write_file(directory / "freezer.state", "THAWED\n");
    auto cgroup = freezer.locate(42);
    ASSERT_TRUE(cgroup) << cgroup.error().message();
    EXPECT_EQ(cgroup->directory, directory);
    EXPECT_EQ(cgroup->version, 1);
    EXPECT_EQ(cgroup->describe(), "the cgroup v1 freezer at " + directory.string());

    ASSERT_TRUE(freezer.freeze(*cgroup, 1s));
    EXPECT_EQ(read_file(directory / "freezer.state").substr(0, 6), "FROZEN");
    EXPECT_TRUE(*freezer.frozen(*cgroup));
    ASSERT_TRUE(freezer.thaw(*cgroup));
    EXPECT_EQ(read_file(directory / "freezer.state").substr(0, 6), "THAWED");
    EXPECT_FALSE(*freezer.frozen(*cgroup));
}

// Debian's docker.io 20.10 on a cgroup v1 host: thirteen hierarchies, each named with the
// container's 64-digit ID, and the freezer's line past the first 512 bytes.
TEST_F(LinuxCgroupFreezerTest, FindsTheFreezerLineOfALongMembershipFile) {
    const std::string path = "/docker/" + std::string(64, 'c');
    std::string membership;
    for (const char* controllers :
         {"13:hugetlb", "12:net_prio", "11:perf_event", "10:net_cls", "9:name=systemd", "8:pids",
          "7:blkio", "6:freezer", "5:devices", "4:memory", "3:cpuset", "2:cpuacct", "1:cpu"})
        membership += std::string(controllers) + ":" + path + "\n";
    membership += "0::" + path + "\n";
    ASSERT_GT(membership.find("freezer"), 512U);
    process_in(42, membership);
    const auto directory = temp / ("cgroup/freezer" + path);
    write_file(directory / "freezer.state", "THAWED\n");
    auto cgroup = freezer.locate(42);
    ASSERT_TRUE(cgroup) << cgroup.error().message();
    EXPECT_EQ(cgroup->directory, directory);
    EXPECT_EQ(cgroup->version, 1);
}

TEST_F(LinuxCgroupFreezerTest, CgroupV2WaitsForTheEventsFileAndThawsAgainWhenItNeverSaysFrozen) {
    process_in(43, "0::/system.slice/docker-abc.scope\n");
    write_file(temp / "cgroup/cgroup.controllers", "cpu memory\n");
    const auto directory = temp / "cgroup/system.slice/docker-abc.scope";
    write_file(directory / "cgroup.freeze", "0\n");
    write_file(directory / "cgroup.events", "populated 1\nfrozen 0\n");
    auto cgroup = freezer.locate(43);
    ASSERT_TRUE(cgroup) << cgroup.error().message();
    EXPECT_EQ(cgroup->directory, directory);
    EXPECT_EQ(cgroup->version, 2);

    auto stuck = freezer.freeze(*cgroup, 20ms);
    ASSERT_FALSE(stuck);
    EXPECT_EQ(stuck.error().kind, ErrorKind::timeout);
    EXPECT_NE(stuck.error().message().find("not all frozen after 20 ms (thawed again)"), std::string::npos)
        << stuck.error().message();
    EXPECT_EQ(read_file(directory / "cgroup.freeze").substr(0, 1), "0");

    write_file(directory / "cgroup.events", "populated 1\nfrozen 1\n");
    ASSERT_TRUE(freezer.freeze(*cgroup, 1s));
    EXPECT_EQ(read_file(directory / "cgroup.freeze").substr(0, 1), "1");
    EXPECT_TRUE(*freezer.frozen(*cgroup));
}

TEST_F(LinuxCgroupFreezerTest, AHybridHostWithoutAV1FreezerUsesTheUnifiedTree) {
    process_in(44, "0::/docker/abc\n");
    write_file(temp / "cgroup/unified/docker/abc/cgroup.freeze", "0\n");
    auto cgroup = freezer.locate(44);
    ASSERT_TRUE(cgroup) << cgroup.error().message();
    EXPECT_EQ(cgroup->directory, temp / "cgroup/unified/docker/abc");
}

TEST_F(LinuxCgroupFreezerTest, WhatCannotBeReachedIsUnavailableAndSaysWhy) {
    const auto cause = [&](int pid) {
        auto cgroup = freezer.locate(pid);
        EXPECT_FALSE(cgroup);
        if (cgroup) return std::string();
        EXPECT_EQ(cgroup.error().kind, ErrorKind::unavailable);
        return cgroup.error().message();
    };
    EXPECT_NE(cause(0).find("the container does not run"), std::string::npos);
    EXPECT_NE(cause(45).find("proc/45/cgroup"), std::string::npos) << "no such process here";
    process_in(46, "0::/../../docker/abc\n");
    EXPECT_NE(cause(46).find("outside this process's cgroup namespace"), std::string::npos);
    process_in(47, "12:freezer:/docker/abc\n");
    EXPECT_NE(cause(47).find("cannot write " + (temp / "cgroup/freezer/docker/abc/freezer.state").string()),
              std::string::npos)
        << "the cgroup tree is not mounted here";
}

}  // namespace
}  // namespace girofle
